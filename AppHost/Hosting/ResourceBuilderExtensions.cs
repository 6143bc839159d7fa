using Aspire.Hosting.ApplicationModel;

namespace Aspire.Hosting;

/// <summary>How resources are wired together: references, environment, start order, health.</summary>
public static class ResourceBuilderExtensions
{
    private const string ConnectionStringEnvironmentPrefix = "ConnectionStrings__";

    /// <summary>
    /// Gives the resource <c>ConnectionStrings__{connectionName}</c> (default: the source's name).
    /// This does not delay the start; add <see cref="WaitFor{T}"/> for that.
    /// </summary>
    public static IResourceBuilder<T> WithReference<T>(
        this IResourceBuilder<T> builder, IResourceBuilder<IResourceWithConnectionString> source, string? connectionName = null)
        where T : IResourceWithEnvironment
    {
        var variable = ConnectionStringEnvironmentPrefix + (connectionName ?? source.Resource.Name);
        return builder.WithAnnotation(new EnvironmentCallbackAnnotation(async context =>
            context.EnvironmentVariables[variable] = await source.Resource.GetConnectionStringAsync(context.CancellationToken)
                ?? throw new DistributedApplicationException($"'{source.Resource.Name}' has no connection string.")));
    }

    /// <summary>Gives the resource <c>services__{name}__{endpoint}__0</c> with the URL of each endpoint of the source.</summary>
    public static IResourceBuilder<T> WithReference<T>(this IResourceBuilder<T> builder, IResourceBuilder<IResourceWithServiceDiscovery> source)
        where T : IResourceWithEnvironment
    {
        var service = source.Resource;
        return builder.WithAnnotation(new EnvironmentCallbackAnnotation(context =>
        {
            foreach (var endpoint in service.GetEndpoints())
            {
                context.EnvironmentVariables[$"services__{service.Name}__{endpoint.Name}__0"] = service.GetEndpoint(endpoint.Name).Url;
            }

            return Task.CompletedTask;
        }));
    }

    public static IResourceBuilder<T> WithEnvironment<T>(this IResourceBuilder<T> builder, string name, string value)
        where T : IResourceWithEnvironment =>
        builder.WithAnnotation(new EnvironmentCallbackAnnotation(name, () => value));

    public static IResourceBuilder<T> WithEnvironment<T>(this IResourceBuilder<T> builder, string name, IResourceBuilder<ParameterResource> parameter)
        where T : IResourceWithEnvironment =>
        builder.WithAnnotation(new EnvironmentCallbackAnnotation(name, () => parameter.Resource.Value));

    /// <summary>Starts the resource only once <paramref name="dependency"/> is running and healthy.</summary>
    public static IResourceBuilder<T> WaitFor<T>(this IResourceBuilder<T> builder, IResourceBuilder<IResource> dependency)
        where T : IResourceWithWaitSupport =>
        builder.WithAnnotation(new WaitAnnotation(dependency.Resource, WaitType.WaitUntilHealthy));

    /// <summary>
    /// Starts the resource only once <paramref name="dependency"/> has exited with <paramref name="exitCode"/>;
    /// if it exits with another code, the resource never starts.
    /// </summary>
    public static IResourceBuilder<T> WaitForCompletion<T>(this IResourceBuilder<T> builder, IResourceBuilder<IResource> dependency, int exitCode = 0)
        where T : IResourceWithWaitSupport =>
        builder.WithAnnotation(new WaitAnnotation(dependency.Resource, WaitType.WaitForCompletion, exitCode));

    /// <summary>The resource counts as healthy while GET <paramref name="path"/> on its endpoint answers <paramref name="statusCode"/>.</summary>
    public static IResourceBuilder<T> WithHttpHealthCheck<T>(this IResourceBuilder<T> builder, string? path = null, int? statusCode = null, string? endpointName = null)
        where T : IResourceWithEndpoints =>
        builder.WithAnnotation(new HttpHealthCheckAnnotation(endpointName ?? "http", path ?? "/", statusCode ?? 200));
}
