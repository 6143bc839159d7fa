namespace TestSupport.LegacyDataset;

// The shape of a generated legacy Redis: how many keys and accounts, how many days of usage,
// and whether corrupt entries of every kind are planted among the good ones.
public sealed record LegacyDatasetOptions
{
    public DateTimeOffset Now { get; init; } = DateTimeOffset.UtcNow;

    public int OffsetHours { get; init; } = 8;

    public string EncryptionKey { get; init; } = "legacy-dataset-encryption-key";

    public int Seed { get; init; } = 20250818;

    public int ApiKeys { get; init; } = 24;

    public int AccountsPerFamily { get; init; } = 3;

    public int Days { get; init; } = 40;

    public int ActiveHoursPerDay { get; init; } = 5;

    public int ModelsPerKey { get; init; } = 2;

    public bool CorruptEntries { get; init; } = true;

    // Ephemeral families (concurrency, rate-limit windows, minute metrics, locks, ...).
    public int MinuteMetrics { get; init; } = 120;

    // Keep what was generated, for assertions; a benchmark generating millions of keys does not.
    public bool KeepExpectations { get; init; } = true;
}
