namespace ServiceDefaults.Http.ServiceDiscovery;

// What a logical URI asks for. 'https+http://_grpc.dataservice' names service 'dataservice',
// endpoint 'grpc', and accepts https or, failing that, http.
internal sealed record ServiceEndpointQuery(string ServiceName, string? EndpointName, IReadOnlyList<string> Schemes)
{
    public static ServiceEndpointQuery FromUri(Uri uri)
    {
        var host = uri.Host;
        var dot = host.IndexOf('.');
        var namesEndpoint = host.StartsWith('_') && dot > 1;

        return new ServiceEndpointQuery(
            ServiceName: namesEndpoint ? host[(dot + 1)..] : host,
            EndpointName: namesEndpoint ? host[1..dot] : null,
            Schemes: uri.Scheme.Split('+'));
    }

    // Only a URI an ordinary HTTP stack can send as it is may bypass discovery.
    public bool CanPassThrough => EndpointName is null && Schemes.Count == 1;
}
