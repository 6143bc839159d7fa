namespace AppHost;

internal static class AppHostConfigurationExtensions
{
    // Passes a setting the operator gave the AppHost (e.g. Gateway__Upstreams__Claude in its
    // environment) on to a service under the same key, and nothing when it is not set, so the
    // service's own default applies.
    public static IResourceBuilder<T> WithConfigurationFromAppHost<T>(this IResourceBuilder<T> resource, string key)
        where T : IResourceWithEnvironment
    {
        var value = resource.ApplicationBuilder.Configuration[key];
        return string.IsNullOrEmpty(value) ? resource : resource.WithEnvironment(key.Replace(":", "__", StringComparison.Ordinal), value);
    }
}
