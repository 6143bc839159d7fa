using DataAccess.Storage;

namespace DataAccess.Hybrid;

// Published on CacheInvalidator.Channel after cached data changed, so processes that keep
// their own copies (the gateway's in-process key cache) drop them. Ids are key ids, account
// ids, key hashes or session token hashes; All means every entry of the data type.
public sealed record CacheInvalidation(DataType DataType, IReadOnlyList<string> Ids, bool All = false);
