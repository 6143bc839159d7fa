using System.Globalization;
using Microsoft.Extensions.Hosting;
using TestSupport;

namespace MigrationService.Tests.Backfill;

// A generated legacy dataset read through the legacy Redis backend, as a relay running with
// DATABASE_TYPE=redis answers; then migrated, and read through the PostgreSQL backend. Both
// readings run on the dataset's clock, so "today" and averages since creation are the same.
public sealed class BeforeAndAfterFixture : LegacyRedisFixture
{
    private BackfillDatabase? _database;

    internal ApiVisibleSnapshot Before { get; private set; } = null!;

    internal ApiVisibleSnapshot After { get; private set; } = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        var clock = new ManualTimeProvider(Dataset.Options.Now);
        using (var legacy = StoresHost.Build(
            new Dictionary<string, string?>
            {
                ["ConnectionStrings:redis"] = Endpoint,
                ["DATABASE_TYPE"] = "redis",
                ["ENCRYPTION_KEY"] = Dataset.Options.EncryptionKey,
                ["TIMEZONE_OFFSET"] = Dataset.Options.OffsetHours.ToString(CultureInfo.InvariantCulture),
            },
            clock))
        {
            Before = await ApiVisibleSnapshot.ReadAsync(legacy.Services, Dataset);
        }

        _database = await BackfillDatabase.CreateAsync("backfill_equality");
        await _database.RunAsync(Redis, BackfillTestOptions.For(Dataset) with { Time = clock });
        using var migrated = StoresHost.Build(
            new Dictionary<string, string?>
            {
                ["ConnectionStrings:postgres"] = _database.ConnectionString,
                ["DATABASE_TYPE"] = "postgres",
                ["ENCRYPTION_KEY"] = Dataset.Options.EncryptionKey,
                ["TIMEZONE_OFFSET"] = Dataset.Options.OffsetHours.ToString(CultureInfo.InvariantCulture),
            },
            clock);
        After = await ApiVisibleSnapshot.ReadAsync(migrated.Services, Dataset);
    }

    public override async Task DisposeAsync()
    {
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }

        await base.DisposeAsync();
    }
}
