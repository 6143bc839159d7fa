namespace DataAccess.LegacyRedis.Stores.Usage;

// One per-key cost counter (usage:cost:{kind}:{keyId}:{label}) of a bucket.
internal sealed record CostCell(string Label, string CostKey);
