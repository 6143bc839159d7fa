using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Configuration;

namespace ServiceDefaults.Http.ServiceDiscovery;

// Turns a logical URI such as http://dataservice/keys into a real one, from the endpoints the
// AppHost injects as services__{service}__{endpoint}__{index} (configuration section
// Services:{service}:{endpoint}), the way Microsoft.Extensions.ServiceDiscovery's
// configuration provider reads them. HttpClients use it through a message handler; other
// code, a reverse proxy choosing its destination for one, calls it directly.
public sealed class ServiceEndpointResolver(IConfiguration configuration)
{
    private const string ServicesSectionName = "Services";
    private const string DefaultEndpointName = "default";

    private readonly ConcurrentDictionary<string, RoundRobin> _rotations = new(StringComparer.OrdinalIgnoreCase);

    // True when the URI names a configured service, with the URI of one of its endpoints
    // (replicas take turns). False for any other URI.
    public bool TryResolve(Uri uri, [NotNullWhen(true)] out Uri? resolved)
    {
        resolved = null;
        if (!uri.IsAbsoluteUri)
        {
            return false;
        }

        var query = ServiceEndpointQuery.FromUri(uri);
        if (PickEndpoint(ServiceSection(query), query) is not { } endpoint)
        {
            return false;
        }

        resolved = new UriBuilder(uri) { Scheme = endpoint.Scheme, Host = endpoint.Host, Port = endpoint.Port }.Uri;
        return true;
    }

    // The resolved URI; an ordinary URL whose host is not a configured service comes back
    // unchanged, so real hosts keep working. Throws when the URI can only mean a service
    // (a scheme list, an endpoint name) or names a service without a matching endpoint.
    public Uri Resolve(Uri uri)
    {
        if (TryResolve(uri, out var resolved))
        {
            return resolved;
        }

        if (!uri.IsAbsoluteUri)
        {
            return uri;
        }

        var query = ServiceEndpointQuery.FromUri(uri);
        var service = ServiceSection(query);
        if (!service.Exists() && query.CanPassThrough)
        {
            return uri;
        }

        throw new InvalidOperationException(DescribeFailure(uri, query, service));
    }

    private IConfigurationSection ServiceSection(ServiceEndpointQuery query) =>
        configuration.GetSection(ServicesSectionName).GetSection(query.ServiceName);

    private Uri? PickEndpoint(IConfigurationSection service, ServiceEndpointQuery query)
    {
        var section = CandidateEndpointNames(query).Select(service.GetSection).FirstOrDefault(section => section.Exists());
        if (section is null)
        {
            return null;
        }

        var endpoints = WithPreferredScheme(ReadEndpoints(section, query.Schemes[0]), query.Schemes);
        return endpoints.Count == 0 ? null : _rotations.GetOrAdd(section.Path, _ => new RoundRobin()).Next(endpoints);
    }

    // A named endpoint is looked up by name; otherwise 'default', then one named after each
    // accepted scheme, in order of preference.
    private static IEnumerable<string> CandidateEndpointNames(ServiceEndpointQuery query) =>
        query.EndpointName is { } name ? [name] : [DefaultEndpointName, .. query.Schemes];

    private static List<Uri> ReadEndpoints(IConfigurationSection section, string defaultScheme)
    {
        if (!string.IsNullOrWhiteSpace(section.Value))
        {
            return [ParseEndpoint(section, defaultScheme)];
        }

        return section.GetChildren()
            .Select(entry => int.TryParse(entry.Key, out _)
                ? ParseEndpoint(entry, defaultScheme)
                : throw new InvalidOperationException($"Service endpoint section '{section.Path}' must hold a URL or a list indexed 0, 1, ...; it has key '{entry.Key}'."))
            .ToList();
    }

    // The AppHost injects full URLs; a bare host:port is also accepted and gets the preferred scheme.
    private static Uri ParseEndpoint(IConfigurationSection entry, string defaultScheme)
    {
        var value = entry.Value ?? string.Empty;
        var url = value.Contains("://", StringComparison.Ordinal) ? value : $"{defaultScheme}://{value}";
        return Uri.TryCreate(url, UriKind.Absolute, out var endpoint)
            ? endpoint
            : throw new InvalidOperationException($"Service endpoint '{entry.Path}' holds '{value}', which is not a URL.");
    }

    // Of the endpoints whose scheme the URI accepts, those with the most preferred scheme.
    private static List<Uri> WithPreferredScheme(List<Uri> endpoints, IReadOnlyList<string> schemes)
    {
        var preferred = schemes.FirstOrDefault(scheme => endpoints.Any(endpoint => endpoint.Scheme == scheme));
        return endpoints.Where(endpoint => endpoint.Scheme == preferred).ToList();
    }

    private static string DescribeFailure(Uri uri, ServiceEndpointQuery query, IConfigurationSection service)
    {
        var candidates = CandidateEndpointNames(query).ToList();
        var tried = string.Join(", ", candidates.Select(name => $"'{service.Path}:{name}'"));
        var example = $"services__{query.ServiceName}__{candidates[^1]}__0";

        return service.Exists()
            ? $"Service discovery cannot resolve '{uri}': none of {tried} holds an endpoint with scheme {string.Join(" or ", query.Schemes)}."
            : $"Service discovery cannot resolve '{uri}': configuration has no section '{service.Path}'. "
              + $"Set it, for example with the environment variable {example}=http://host:port, as the AppHost does through WithReference.";
    }
}
