namespace MigrationService.Backfill.Rows;

// A row of accounts from a legacy account key of any family. Secrets is the AccountSecrets
// JSON document in clear; it is encrypted for this row's id only when written.
internal sealed record AccountRow : ISourcedRow
{
    public required Guid Id { get; init; }

    public required string Platform { get; init; }

    public required string Name { get; init; }

    public required string Description { get; init; }

    public required string Status { get; init; }

    public required string AccountType { get; init; }

    public int Priority { get; init; }

    public bool Schedulable { get; init; }

    public bool IsActive { get; init; }

    // ProxySummary JSON: type, host, port and user name; the password is a secret.
    public string? Proxy { get; init; }

    public required string Secrets { get; init; }

    // Secrets as stored: AES-GCM under the account id, filled in just before the row is written
    // (and left as it was when the secrets did not change, so a re-run rewrites nothing).
    public byte[]? EncryptedSecrets { get; init; }

    public required string[] Scopes { get; init; }

    public DateTimeOffset? TokenExpiresAt { get; init; }

    public DateTimeOffset? LastUsedAt { get; init; }

    public DateTimeOffset? LastRefreshAt { get; init; }

    public DateTimeOffset? RateLimitedAt { get; init; }

    public DateTimeOffset? RateLimitResetAt { get; init; }

    public string? ErrorMessage { get; init; }

    public string? SubscriptionInfo { get; init; }

    public DateTimeOffset? SessionWindowStart { get; init; }

    public DateTimeOffset? SessionWindowEnd { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset? UpdatedAt { get; init; }

    public required string Extra { get; init; }

    // The Redis key it was read from.
    public required string Source { get; init; }
}
