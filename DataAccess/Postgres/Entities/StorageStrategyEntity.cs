namespace DataAccess.Postgres.Entities;

// A row of storage_strategies.
internal sealed class StorageStrategyEntity
{
    public string DataType { get; set; } = "";

    public string Config { get; set; } = "{}";

    public DateTimeOffset UpdatedAt { get; set; }
}
