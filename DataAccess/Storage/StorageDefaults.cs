namespace DataAccess.Storage;

// The strategies a new installation starts with, and what each data type can be switched to.
public static class StorageDefaults
{
    public static StorageConfig For(DataType dataType) => dataType switch
    {
        // Keys are read on every request and change rarely.
        DataType.ApiKey => new StorageConfig { CacheTtlSeconds = 300 },

        // Accounts change state (rate limits, errors) more often: a shorter TTL.
        DataType.Account => new StorageConfig { CacheTtlSeconds = 60 },

        // Usage is written on every request: buffer it in a Redis stream, write it in batches.
        DataType.Usage => new StorageConfig { CacheTtlSeconds = 0, ReadStrategy = ReadStrategy.DatabaseFirst, WriteStrategy = WriteStrategy.WriteBehind },

        // Sessions are cached for at most their remaining lifetime, and never longer than this.
        DataType.Session => new StorageConfig { CacheTtlSeconds = 86_400 },

        _ => throw new ArgumentOutOfRangeException(nameof(dataType), dataType, null),
    };

    // Combinations that make no sense, or that could lose data, are refused with the reason.
    public static void Validate(DataType dataType, StorageConfig config)
    {
        if (config.PrimaryStorage == PrimaryStorage.Redis && dataType != DataType.Session)
        {
            throw DatabaseError.Invalid("primaryStorage", "only sessions can live in Redis alone; keys, accounts and usage must be in PostgreSQL.");
        }

        if (config.PrimaryStorage == PrimaryStorage.Redis && config.ReadStrategy != ReadStrategy.CacheOnly)
        {
            throw DatabaseError.Invalid("readStrategy", "data that lives only in Redis is read with cache_only.");
        }

        if (config.WriteStrategy == WriteStrategy.WriteBehind && dataType != DataType.Usage)
        {
            throw DatabaseError.Invalid("writeStrategy", "write_behind is only for usage: an entity written behind could be lost before it reaches PostgreSQL.");
        }

        if (dataType == DataType.Usage && config.ReadStrategy != ReadStrategy.DatabaseFirst)
        {
            throw DatabaseError.Invalid("readStrategy", "usage statistics are always read from PostgreSQL (database_first).");
        }

        if (!config.EnableCache && (config.ReadStrategy != ReadStrategy.DatabaseFirst || config.WriteStrategy == WriteStrategy.WriteBehind || config.PrimaryStorage == PrimaryStorage.Redis))
        {
            throw DatabaseError.Invalid("enableCache", "without the cache, data is read database_first and written write_through or write_around.");
        }

        if (config.EnableCache && dataType != DataType.Usage && config.CacheTtlSeconds is < 1 or > 30 * 86_400)
        {
            throw DatabaseError.Invalid("cacheTTL", "must be between 1 second and 30 days.");
        }

        if (config.CacheTtlSeconds < 0)
        {
            throw DatabaseError.Invalid("cacheTTL", "must not be negative.");
        }
    }
}
