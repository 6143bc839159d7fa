namespace TestSupport.LegacyDataset;

// An apikey:{id} hash as generated, with the plain key it was hashed from and the hashes it
// answered to before regenerations (still in apikey:hash_map).
public sealed record GeneratedApiKey(Guid Id, string PlainKey, string Hash, IReadOnlyDictionary<string, string> Fields, IReadOnlyList<string> RetiredHashes);
