namespace DataAccess.LegacyRedis.Layout;

// Our own keys in the shared database (layout §11 rule 2): under crs2:, a prefix no legacy
// pattern enumerates, for what the legacy layout has no place for.
public static class Crs2Keys
{
    // Hashes of keys that were deleted or rotated through this service, with the key id:
    // gone from apikey:hash_map (so claude-relay-service no longer finds them) but still
    // recognised here, so validation can say why they are refused.
    public const string RetiredApiKeyHashes = "crs2:apikey:retired_hashes";

    public const string SessionPrefix = "crs2:session:";

    // Sessions of the unified session API, by the hash of their token; legacy admin
    // sessions live under session:{token}.
    public static string Session(string tokenHash) => SessionPrefix + tokenHash;

    // Marks a usage event as recorded, so a replay counts it once.
    public static string UsageEvent(Guid eventId) => $"crs2:usage:event:{eventId}";

    // The layout keeps cost per API key only; these keep it per model and per account for
    // the usage this service records.
    public static string KeyModelCost(BucketKind kind, string keyId, string model, string label) => $"crs2:cost:key-model:{kind.Name()}:{keyId}:{model}:{label}";

    public static string ModelCost(BucketKind kind, string model, string label) => $"crs2:cost:model:{kind.Name()}:{model}:{label}";

    public static string AccountCost(BucketKind kind, string accountId, string label) => $"crs2:cost:account:{kind.Name()}:{accountId}:{label}";

    public static string AccountModelCost(BucketKind kind, string accountId, string model, string label) =>
        $"crs2:cost:account-model:{kind.Name()}:{accountId}:{model}:{label}";

    public static string AccountCostTotal(string accountId) => $"crs2:cost:account:total:{accountId}";

    public const string CostPattern = "crs2:cost:*";
}
