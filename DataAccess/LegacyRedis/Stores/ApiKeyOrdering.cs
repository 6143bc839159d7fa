using DataAccess.ApiKeys;

namespace DataAccess.LegacyRedis.Stores;

// The listing order of the PostgreSQL backend, in memory: missing timestamps sort last
// ascending and first descending (PostgreSQL's NULL order), ties by id.
internal static class ApiKeyOrdering
{
    public static IEnumerable<ApiKey> Sort(IEnumerable<ApiKey> keys, string sortBy, SortOrder order)
    {
        var descending = order == SortOrder.Desc;
        return sortBy switch
        {
            "name" => By(keys, key => key.Name, descending),
            "updatedAt" => ByTimestamp(keys, key => key.UpdatedAt, descending),
            "lastUsedAt" => ByTimestamp(keys, key => key.LastUsedAt, descending),
            "expiresAt" => ByTimestamp(keys, key => key.ExpiresAt, descending),
            _ => ByTimestamp(keys, key => key.CreatedAt, descending),
        };
    }

    private static IEnumerable<ApiKey> By(IEnumerable<ApiKey> keys, Func<ApiKey, string> selector, bool descending) =>
        (descending ? keys.OrderByDescending(selector, StringComparer.Ordinal) : keys.OrderBy(selector, StringComparer.Ordinal))
            .ThenBy(key => key.Id.ToString(), StringComparer.Ordinal);

    private static IEnumerable<ApiKey> ByTimestamp(IEnumerable<ApiKey> keys, Func<ApiKey, DateTimeOffset?> selector, bool descending) =>
        (descending
            ? keys.OrderBy(key => selector(key).HasValue).ThenByDescending(selector)
            : keys.OrderBy(key => !selector(key).HasValue).ThenBy(selector))
            .ThenBy(key => key.Id.ToString(), StringComparer.Ordinal);
}
