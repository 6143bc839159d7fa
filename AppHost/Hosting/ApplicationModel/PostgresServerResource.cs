namespace Aspire.Hosting.ApplicationModel;

/// <summary>
/// A PostgreSQL server of the app's own. Aspire runs it in a container; here it is a private
/// cluster of the locally installed PostgreSQL.
/// </summary>
public sealed class PostgresServerResource(string name, ParameterResource? userName, ParameterResource password)
    : Resource(name), IResourceWithConnectionString, IResourceWithEndpoints, IResourceWithWaitSupport
{
    internal const string PrimaryEndpointName = "tcp";
    private const string DefaultUserName = "postgres";
    private readonly Dictionary<string, string> _databases = new(StringComparer.OrdinalIgnoreCase);

    public ParameterResource? UserNameParameter { get; } = userName;

    public ParameterResource PasswordParameter { get; } = password;

    public EndpointReference PrimaryEndpoint => this.GetEndpoint(PrimaryEndpointName);

    /// <summary>The databases added with AddDatabase: resource name to database name.</summary>
    public IReadOnlyDictionary<string, string> Databases => _databases;

    internal string UserName => UserNameParameter?.Value ?? DefaultUserName;

    public ValueTask<string?> GetConnectionStringAsync(CancellationToken cancellationToken = default) =>
        ValueTask.FromResult<string?>(ConnectionString);

    internal string ConnectionString =>
        $"Host={PrimaryEndpoint.Host};Port={PrimaryEndpoint.Port};Username={UserName};Password={PasswordParameter.Value}";

    internal void AddDatabase(string resourceName, string databaseName) => _databases.Add(resourceName, databaseName);
}
