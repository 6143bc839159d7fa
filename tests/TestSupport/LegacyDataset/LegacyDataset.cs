namespace TestSupport.LegacyDataset;

// What a generator wrote into Redis, to assert a migration against.
public sealed class LegacyDataset(LegacyDatasetOptions options)
{
    public LegacyDatasetOptions Options { get; } = options;

    public List<GeneratedApiKey> ApiKeys { get; } = [];

    public List<GeneratedAccount> Accounts { get; } = [];

    public Dictionary<Guid, UsageExpectation> KeyUsage { get; } = [];

    public Dictionary<Guid, UsageExpectation> AccountUsage { get; } = [];

    // Admin session tokens and the user each belongs to.
    public Dictionary<string, string> AdminSessions { get; } = [];

    // Web-user session tokens and their user ids.
    public Dictionary<string, string> UserSessions { get; } = [];

    public List<string> Users { get; } = [];

    public List<Guid> Groups { get; } = [];

    public List<PlantedProblem> Problems { get; } = [];

    // Keys of the families migrated by design not at all (ephemeral and derived).
    public long SkippedKeys { get; set; }

    public long KeysWritten { get; set; }
}
