namespace AppHost.LocalServers;

/// <summary>
/// redis-server run by DCP as an executable resource, with the connection string of Aspire's
/// RedisResource. Like Aspire's Redis container without a data volume, it keeps nothing on disk.
/// </summary>
internal sealed class LocalRedisResource(string name, string command, string stateDirectory, ParameterResource password)
    : ExecutableResource(name, command, workingDirectory: stateDirectory), IResourceWithConnectionString
{
    public const string EndpointName = "tcp";

    private EndpointReference? _primaryEndpoint;

    public EndpointReference PrimaryEndpoint => _primaryEndpoint ??= new(this, EndpointName);

    public ParameterResource PasswordParameter { get; } = password;

    // Holds the password, so it is on no command line; the port comes as an argument.
    public string ConfigurationFile { get; } = Path.Combine(stateDirectory, "redis.conf");

    public ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create(
        $"{PrimaryEndpoint.Property(EndpointProperty.Host)}:{PrimaryEndpoint.Property(EndpointProperty.Port)},password={PasswordParameter}");
}
