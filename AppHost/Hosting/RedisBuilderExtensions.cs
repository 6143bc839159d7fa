using Aspire.Hosting.ApplicationModel;

namespace Aspire.Hosting;

public static class RedisBuilderExtensions
{
    /// <summary>
    /// Adds a Redis server that requires a password: <paramref name="password"/>, or a generated
    /// one, the parameter <c>{name}-password</c>, kept between runs. It keeps no data between runs.
    /// </summary>
    public static IResourceBuilder<RedisResource> AddRedis(
        this IDistributedApplicationBuilder builder, string name, int? port = null, IResourceBuilder<ParameterResource>? password = null)
    {
        var passwordParameter = password?.Resource ?? builder.AddDefaultPasswordParameter($"{name}-password");
        return builder.AddResource(new RedisResource(name, passwordParameter))
            .WithAnnotation(new EndpointAnnotation(RedisResource.PrimaryEndpointName, "tcp", port));
    }
}
