namespace Aspire.Hosting.ApplicationModel;

/// <summary>
/// A network endpoint of a resource. Its port is fixed if <see cref="Port"/> is set and otherwise
/// picked when the app starts; resources listen on it directly, with no proxy in between.
/// </summary>
public sealed class EndpointAnnotation(string name, string uriScheme, int? port = null) : IResourceAnnotation
{
    /// <summary>The endpoint's name: <c>http</c> for projects, <c>tcp</c> for servers.</summary>
    public string Name { get; } = name;

    public string UriScheme { get; } = uriScheme;

    public int? Port { get; } = port;

    /// <summary>Where the endpoint is, once the app has started.</summary>
    public AllocatedEndpoint? AllocatedEndpoint { get; internal set; }
}
