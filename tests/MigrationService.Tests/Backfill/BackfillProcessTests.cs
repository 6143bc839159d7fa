namespace MigrationService.Tests.Backfill;

// The MigrationService as the AppHost runs it, with a legacy Redis configured: what it logs and
// how it exits.
public sealed class BackfillProcessTests(LegacyRedisFixture fixture) : IClassFixture<LegacyRedisFixture>
{
    private Dictionary<string, string> Environment => new()
    {
        ["ConnectionStrings__legacy-redis"] = fixture.Endpoint,
        ["ENCRYPTION_KEY"] = fixture.Dataset.Options.EncryptionKey,
        ["TIMEZONE_OFFSET"] = fixture.Dataset.Options.OffsetHours.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    [Fact]
    public async Task Applies_the_schema_backfills_reports_and_exits_with_zero_then_verify_exits_with_two_after_tampering()
    {
        await using var database = await BackfillDatabase.CreateAsync("backfill_process");

        var dryRun = await MigrationServiceProcess.RunAsync(database.ConnectionString, Environment, "--dry-run");
        Assert.True(dryRun.ExitCode == 0, dryRun.Output);
        Assert.Contains("Legacy backfill (DryRun)", dryRun.Output);
        Assert.Equal(0L, await database.ScalarAsync<long>("SELECT count(*) FROM api_keys"));

        var migrate = await MigrationServiceProcess.RunAsync(database.ConnectionString, Environment);
        Assert.True(migrate.ExitCode == 0, migrate.Output);
        Assert.Contains("Migration step legacy backfill finished", migrate.Output);
        Assert.Contains("Problem UnknownKey: 3", migrate.Output);
        Assert.Contains("MinuteMetrics: 120 keys (skipped by design: short-lived state)", migrate.Output);

        var verify = await MigrationServiceProcess.RunAsync(database.ConnectionString, Environment, "--verify");
        Assert.True(verify.ExitCode == 0, verify.Output);

        await database.ExecuteAsync("UPDATE accounts SET name = 'tampered' WHERE id = $1", fixture.Dataset.Accounts[0].Id);
        var tampered = await MigrationServiceProcess.RunAsync(database.ConnectionString, Environment, "--verify");
        Assert.Equal(MigrationOutcome.DifferencesExitCode, tampered.ExitCode);
        Assert.Contains($"Redis and PostgreSQL differ in 1 records; the first: {fixture.Dataset.Accounts[0].KeyName}: accounts differs in name", tampered.Output);
    }

    [Fact]
    public async Task Verify_without_a_legacy_redis_fails_saying_what_is_missing()
    {
        await using var database = await BackfillDatabase.CreateAsync("backfill_process");

        var (exitCode, output) = await MigrationServiceProcess.RunAsync(database.ConnectionString, null, "--verify");

        Assert.Equal(MigrationOutcome.FailedExitCode, exitCode);
        Assert.Contains("read a legacy Redis, and none is configured: set ConnectionStrings:legacy-redis", output);
    }
}
