namespace DataAccess.Postgres.Entities;

// The columns of usage_totals_key that key listings read (when a key was last used).
internal sealed class KeyUsageTotalsEntity
{
    public Guid ApiKeyId { get; set; }

    public DateTimeOffset? LastUsedAt { get; set; }
}
