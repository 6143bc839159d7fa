using MigrationService.Backfill;

namespace MigrationService.Tests.Backfill;

// The generated legacy dataset, migrated once into a database of the test class's own.
public sealed class MigratedDatasetFixture : LegacyRedisFixture
{
    internal BackfillDatabase Database { get; private set; } = null!;

    public BackfillReport Report { get; private set; } = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        Database = await BackfillDatabase.CreateAsync("backfill_migrated");
        Report = await Database.RunAsync(Redis, BackfillTestOptions.For(Dataset));
    }

    // The Redis server goes even if dropping the database fails.
    public override async Task DisposeAsync()
    {
        try
        {
            await Database.DisposeAsync();
        }
        finally
        {
            await base.DisposeAsync();
        }
    }
}
