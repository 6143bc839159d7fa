namespace MigrationService.Backfill.Reporting;

// What can be wrong with legacy data. None of these stops a run: the record is migrated with
// the bad value kept aside, repaired as documented, or (when nothing usable is left) kept in
// legacy_quarantine; each is reported with the key's name.
public enum ProblemKind
{
    // A key of no family of the layout (§5); not migrated.
    UnknownKey,

    // A family's key whose name cannot be used, such as an id that is not a UUID.
    MalformedKey,

    // A key whose Redis type is not its family's.
    WrongType,

    // A counter or number that is not a plain non-negative number; read as the legacy
    // parseInt/parseFloat would, with the stored value kept.
    NonNumericValue,

    // A JSON field or document that does not parse; the stored text is kept.
    BrokenJson,

    // A timestamp that does not parse; the stored text is kept.
    BadTimestamp,

    // A field the record needs is missing or empty.
    MissingField,

    // A secret that does not decrypt with the configured encryption key; kept as stored.
    Undecryptable,

    // An API key whose own hash has no apikey:hash_map entry: the key's apiKey field is
    // authoritative, so the migrated key authenticates with it.
    MissingHashMapEntry,

    // An API key whose hash another key has already; it is migrated unable to authenticate.
    DuplicateApiKeyHash,

    // An apikey:hash_map entry whose key does not exist.
    DanglingHashMapEntry,

    // Usage of an API key or account that was not found; its usage is imported anyway.
    OrphanUsage,

    // A bucket the relay's own buckets contradict: it holds less than the finer buckets inside
    // it or than what PostgreSQL recorded natively in it, or a key (account) bucket holds less
    // than its per-model buckets. Every bucket still reads as the relay shows it.
    InconsistentBuckets,

    // A shared-account set that disagrees with the accounts' own account types.
    SharedSetMismatch,

    // A group member or group index entry that names nothing that exists.
    DanglingGroupReference,

    // username:{name} pointing at a user that does not exist.
    DanglingUsername,

    // A record nothing usable could be read from; kept in legacy_quarantine.
    Quarantined,
}
