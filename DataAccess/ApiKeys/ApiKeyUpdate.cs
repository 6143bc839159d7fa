namespace DataAccess.ApiKeys;

// A partial update: only the fields that are set change. Setting ExpiresAt to null removes
// the expiry; a nested record replaces that group of settings as a whole.
public sealed record ApiKeyUpdate
{
    public Optional<string> Name { get; init; }

    public Optional<string> Description { get; init; }

    public Optional<ApiKeyLimits> Limits { get; init; }

    public Optional<string> Permissions { get; init; }

    public Optional<ApiKeyRestrictions> Restrictions { get; init; }

    public Optional<IReadOnlyList<string>> Tags { get; init; }

    public Optional<AccountBindings> AccountBindings { get; init; }

    public Optional<bool> IsActive { get; init; }

    public Optional<DateTimeOffset?> ExpiresAt { get; init; }
}
