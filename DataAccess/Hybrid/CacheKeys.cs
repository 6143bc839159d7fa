using DataAccess.Storage;

namespace DataAccess.Hybrid;

// Names of cache entries. The crs2: prefix is one no legacy claude-relay-service pattern
// matches, so the cache can share a Redis database with a running legacy relay.
internal static class CacheKeys
{
    public const string Prefix = "crs2:cache:";

    public static string ApiKeyByHash(string hash) => $"{Prefix}apikey:hash:{hash}";

    public static string ApiKeyById(Guid id) => $"{Prefix}apikey:id:{id}";

    public static string Account(string platform, Guid id) => $"{Prefix}account:{platform}:{id}";

    public static string Session(string tokenHash) => $"{Prefix}session:{tokenHash}";

    public static string AllOf(DataType dataType) => dataType switch
    {
        DataType.ApiKey => $"{Prefix}apikey:*",
        DataType.Account => $"{Prefix}account:*",
        DataType.Session => $"{Prefix}session:*",
        _ => throw new ArgumentOutOfRangeException(nameof(dataType), dataType, "usage is not cached."),
    };
}
