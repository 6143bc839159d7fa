namespace Aspire.Hosting.ApplicationModel;

/// <summary>A database in a <see cref="PostgresServerResource"/>, created when the server is first ready.</summary>
public sealed class PostgresDatabaseResource(string name, string databaseName, PostgresServerResource parent)
    : Resource(name), IResourceWithParent<PostgresServerResource>, IResourceWithConnectionString, IResourceWithWaitSupport
{
    public PostgresServerResource Parent { get; } = parent;

    public string DatabaseName { get; } = databaseName;

    public ValueTask<string?> GetConnectionStringAsync(CancellationToken cancellationToken = default) =>
        ValueTask.FromResult<string?>(ConnectionString);

    internal string ConnectionString => $"{Parent.ConnectionString};Database={DatabaseName}";
}
