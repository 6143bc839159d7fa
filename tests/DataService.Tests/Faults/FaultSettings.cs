namespace DataService.Tests.Faults;

// The environment of a DataService process in a scenario, per DATABASE_TYPE, as an operator
// would set it. The usage stream is polled often and entries of a dead consumer are taken
// over after 3 s (60 s by default), so a scenario ends within moments of its fault.
public static class FaultSettings
{
    private const string EncryptionKey = "fault-suite-encryption-key";

    public static Dictionary<string, string> Hybrid(string postgres, string redis, string consumerName) => new()
    {
        ["DATABASE_TYPE"] = "hybrid",
        ["ENCRYPTION_KEY"] = EncryptionKey,
        ["ConnectionStrings__postgres"] = postgres,
        ["ConnectionStrings__redis"] = redis,
        ["DataAccess__UsageStream__ConsumerName"] = consumerName,
        ["DataAccess__UsageStream__PollInterval"] = "00:00:00.020",
        ["DataAccess__UsageStream__ReclaimAfter"] = "00:00:03",
        ["DataAccess__UsageStream__RetryDelay"] = "00:00:00.200",
    };

    public static Dictionary<string, string> Postgres(string postgres) => new()
    {
        ["DATABASE_TYPE"] = "postgres",
        ["ENCRYPTION_KEY"] = EncryptionKey,
        ["ConnectionStrings__postgres"] = postgres,
    };

    public static Dictionary<string, string> Dual(string postgres, string redis) => new()
    {
        ["DATABASE_TYPE"] = "dual",
        ["ENCRYPTION_KEY"] = EncryptionKey,
        ["ConnectionStrings__postgres"] = postgres,
        ["ConnectionStrings__legacy-redis"] = redis,
    };

    public static Dictionary<string, string> For(string backend, string? postgres, string redis) => backend switch
    {
        "hybrid" => Hybrid(postgres!, redis, "dataservice-0"),
        "dual" => Dual(postgres!, redis),
        "redis" => LegacyRedis(redis),
        _ => Postgres(postgres!),
    };

    public static Dictionary<string, string> LegacyRedis(string redis) => new()
    {
        ["DATABASE_TYPE"] = "redis",
        ["ENCRYPTION_KEY"] = EncryptionKey,
        ["ConnectionStrings__legacy-redis"] = redis,
    };
}
