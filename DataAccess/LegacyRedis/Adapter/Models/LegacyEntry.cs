namespace DataAccess.LegacyRedis.Adapter.Models;

// A hash of an enumerated family as upstream lists it: the id from the key name, and the
// stored fields as strings.
public sealed record LegacyEntry(string Id, IReadOnlyDictionary<string, string> Fields);
