namespace AppHost.LocalServers;

/// <summary>
/// PostgreSQL from the installed binaries, run by DCP as an executable resource. Its connection
/// string has the shape of Aspire's PostgresServerResource.
/// </summary>
internal sealed class LocalPostgresServerResource(string name, string command, string dataDirectory, ParameterResource password)
    : ExecutableResource(name, command, workingDirectory: Path.GetDirectoryName(dataDirectory)!), IResourceWithConnectionString
{
    public const string EndpointName = "tcp";
    public const string UserName = "postgres";

    private EndpointReference? _primaryEndpoint;

    public EndpointReference PrimaryEndpoint => _primaryEndpoint ??= new(this, EndpointName);

    public string DataDirectory { get; } = dataDirectory;

    public ParameterResource PasswordParameter { get; } = password;

    public List<LocalPostgresDatabaseResource> Databases { get; } = [];

    // Known once DCP has allocated the port; the health checks, which Aspire registers as
    // plain services, read it from here.
    public string? ResolvedConnectionString { get; set; }

    public ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create(
        $"Host={PrimaryEndpoint.Property(EndpointProperty.Host)};Port={PrimaryEndpoint.Property(EndpointProperty.Port)};Username={UserName};Password={PasswordParameter}");
}
