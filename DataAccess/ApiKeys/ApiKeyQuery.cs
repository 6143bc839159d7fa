namespace DataAccess.ApiKeys;

public sealed record ApiKeyQuery
{
    public const int MaxLimit = 1000;

    public bool? IsActive { get; init; }

    public string? Permissions { get; init; }

    // Keys carrying all of these tags.
    public IReadOnlyList<string>? Tags { get; init; }

    public bool IncludeDeleted { get; init; }

    public int Limit { get; init; } = 50;

    public int Offset { get; init; }

    // name | createdAt | updatedAt | lastUsedAt | expiresAt
    public string SortBy { get; init; } = "createdAt";

    public SortOrder SortOrder { get; init; } = SortOrder.Desc;
}

public enum SortOrder
{
    Asc,
    Desc,
}

// Page is 1-based: offset 0 with any limit is page 1.
public sealed record ApiKeyPage(IReadOnlyList<ApiKey> Keys, long Total, int Page, int TotalPages);
