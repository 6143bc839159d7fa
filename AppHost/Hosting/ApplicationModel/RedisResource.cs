namespace Aspire.Hosting.ApplicationModel;

/// <summary>A Redis server of the app's own: a local redis-server where Aspire runs a container.</summary>
public sealed class RedisResource(string name, ParameterResource password)
    : Resource(name), IResourceWithConnectionString, IResourceWithEndpoints, IResourceWithWaitSupport
{
    internal const string PrimaryEndpointName = "tcp";

    public ParameterResource PasswordParameter { get; } = password;

    public EndpointReference PrimaryEndpoint => this.GetEndpoint(PrimaryEndpointName);

    public ValueTask<string?> GetConnectionStringAsync(CancellationToken cancellationToken = default) =>
        ValueTask.FromResult<string?>(ConnectionString);

    // The StackExchange.Redis format Aspire uses.
    internal string ConnectionString => $"{PrimaryEndpoint.Host}:{PrimaryEndpoint.Port},password={PasswordParameter.Value}";
}
