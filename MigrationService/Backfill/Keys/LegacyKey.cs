namespace MigrationService.Backfill.Keys;

// A key name read into its family and the parts its name carries. OwnerId is the API key,
// account or group id of families named by one; Id is the name's other identifier (a user id,
// a session token, a session hash, a user name); Scope is the name's prefix where one family
// has several (shared sets, sticky mappings).
internal sealed record LegacyKey(string Name, LegacyFamily Family)
{
    public Guid OwnerId { get; init; }

    public string Id { get; init; } = "";

    public LegacyBucket? Bucket { get; init; }

    public string Model { get; init; } = "";

    public string Scope { get; init; } = "";

    // Why a Malformed key cannot be migrated.
    public string Reason { get; init; } = "";
}
