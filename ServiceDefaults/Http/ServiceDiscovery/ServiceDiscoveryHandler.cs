namespace ServiceDefaults.Http.ServiceDiscovery;

// Sends each request to a resolved endpoint of the service its URI names.
internal sealed class ServiceDiscoveryHandler(ServiceEndpointResolver resolver) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var logicalUri = request.RequestUri;
        if (logicalUri is null)
        {
            return await base.SendAsync(request, cancellationToken);
        }

        request.RequestUri = resolver.Resolve(logicalUri);
        try
        {
            return await base.SendAsync(request, cancellationToken);
        }
        finally
        {
            // A retry by an outer handler then resolves afresh and may reach another replica.
            request.RequestUri = logicalUri;
        }
    }
}
