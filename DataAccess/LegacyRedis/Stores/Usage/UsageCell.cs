namespace DataAccess.LegacyRedis.Stores.Usage;

// One bucket of one series of a usage query: the bucket's label, the group it counts for
// (null when the query is not grouped), the hash holding its tokens and the key holding its
// cost. KeyLevel hashes are per-key buckets, read with the legacy 30/70 split.
internal sealed record UsageCell(string Label, string? Group, string TokenKey, string CostKey, bool KeyLevel);
