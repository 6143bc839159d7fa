using MigrationService.Backfill;
using MigrationService.Backfill.Keys;
using MigrationService.Backfill.Reporting;

namespace MigrationService.Tests.Backfill;

// What a run reports, how verification judges it, and that running again, or dry, changes
// nothing.
public sealed class BackfillRunTests(MigratedDatasetFixture fixture) : IClassFixture<MigratedDatasetFixture>
{
    private BackfillReport Report => fixture.Report;

    [Fact]
    public void Every_planted_corrupt_entry_is_reported_by_name_and_none_stops_the_run()
    {
        Assert.NotEmpty(fixture.Dataset.Problems);
        foreach (var planted in fixture.Dataset.Problems)
        {
            var kind = Enum.Parse<ProblemKind>(planted.Kind);
            var problem = Assert.Single(Report.Problems, problem => problem.Kind == kind);
            Assert.Contains(problem.Examples, example => example.Contains(planted.Key, StringComparison.Ordinal));
        }

        // Exactly the buckets the relay's own buckets contradict (UsageSimulator.RelayHistory).
        Assert.Equal(
            fixture.Dataset.Problems.Where(problem => problem.Kind == nameof(ProblemKind.InconsistentBuckets)).Select(problem => problem.Key).Order(),
            Report.Problems.Single(problem => problem.Kind == ProblemKind.InconsistentBuckets).Examples.Order());
        Assert.Equal(0, Report.DifferenceCount);
    }

    [Fact]
    public void Ephemeral_and_derived_families_are_counted_and_skipped_by_design()
    {
        var minuteMetrics = Assert.Single(Report.Families, family => family.Family == LegacyFamily.MinuteMetrics);
        Assert.Equal((FamilyDisposition.SkippedEphemeral, fixture.Dataset.Options.MinuteMetrics, 0L), (minuteMetrics.Disposition, minuteMetrics.Seen, minuteMetrics.Migrated));
        foreach (var family in new[] { LegacyFamily.Concurrency, LegacyFamily.RateLimitWindow, LegacyFamily.AccountErrorCounter, LegacyFamily.TokenRefreshLock, LegacyFamily.ClaudeCodeHeaders })
        {
            Assert.Equal(FamilyDisposition.SkippedEphemeral, Assert.Single(Report.Families, count => count.Family == family).Disposition);
        }

        Assert.Equal(FamilyDisposition.SkippedDerived, Assert.Single(Report.Families, family => family.Family == LegacyFamily.GlobalModelUsage).Disposition);
        Assert.Equal(fixture.Dataset.KeysWritten, Report.KeysScanned);
    }

    [Fact]
    public async Task Records_nothing_usable_could_be_read_from_are_kept_in_quarantine()
    {
        foreach (var planted in fixture.Dataset.Problems.Where(problem => problem.Kind is "WrongType" || problem.Key.StartsWith("bedrock_account:", StringComparison.Ordinal)))
        {
            Assert.Equal(1L, await fixture.Database.ScalarAsync<long>("SELECT count(*) FROM legacy_quarantine WHERE redis_key = $1", planted.Key));
        }
    }

    [Fact]
    public async Task Verify_passes_after_a_run_and_fails_listing_a_row_tampered_with()
    {
        var verify = BackfillTestOptions.For(fixture.Dataset, BackfillMode.Verify);
        var clean = await fixture.Database.RunAsync(fixture.Redis, verify);
        Assert.False(clean.HasDifferences, clean.Describe());
        Assert.All(clean.Comparisons, comparison => Assert.True(comparison.Matches, comparison.ToString()));

        var key = fixture.Dataset.ApiKeys[0];
        var usageKey = fixture.Dataset.KeyUsage.First(usage => usage.Value.Hourly.Count > 0).Key;
        await fixture.Database.ExecuteAsync("UPDATE api_keys SET name = 'tampered' WHERE id = $1", key.Id);
        await fixture.Database.ExecuteAsync(
            "UPDATE legacy_usage_key_model SET requests = requests + 1 WHERE ctid = (SELECT ctid FROM legacy_usage_key_model WHERE api_key_id = $1 AND granularity = 'hour' LIMIT 1)",
            usageKey);
        try
        {
            var tampered = await fixture.Database.RunAsync(fixture.Redis, verify);
            Assert.True(tampered.HasDifferences);
            Assert.Contains(tampered.Differences, difference => difference.StartsWith($"apikey:{key.Id}: api_keys differs in name", StringComparison.Ordinal));
            Assert.Contains(tampered.Differences, difference => difference.StartsWith($"usage:hourly:{usageKey}:", StringComparison.Ordinal));
            Assert.Contains(tampered.Comparisons, comparison => comparison.Family == LegacyFamily.KeyUsageBucket && !comparison.Matches);
        }
        finally
        {
            await fixture.Database.RunAsync(fixture.Redis, BackfillTestOptions.For(fixture.Dataset));
        }

        Assert.False((await fixture.Database.RunAsync(fixture.Redis, verify)).HasDifferences);
    }

    [Fact]
    public async Task Running_again_changes_nothing()
    {
        var before = await DatabaseDump.OfAsync(fixture.Database.DataSource, fixture.Dataset.Options.EncryptionKey);

        var again = await fixture.Database.RunAsync(fixture.Redis, BackfillTestOptions.For(fixture.Dataset));

        (await DatabaseDump.OfAsync(fixture.Database.DataSource, fixture.Dataset.Options.EncryptionKey)).AssertSameAs(before);

        // Ephemeral keys (a refresh lock lives 40 s) may expire between the two runs.
        Assert.Equal(Lasting(Report.Families), Lasting(again.Families));
        Assert.Equal(0, again.DifferenceCount);
    }

    [Fact]
    public async Task A_dry_run_writes_nothing_and_reports_what_would_move()
    {
        var before = await DatabaseDump.OfAsync(fixture.Database.DataSource, fixture.Dataset.Options.EncryptionKey);
        var runs = await fixture.Database.ScalarAsync<long>("SELECT count(*) FROM legacy_backfill_runs");

        var dryRun = await fixture.Database.RunAsync(fixture.Redis, BackfillTestOptions.For(fixture.Dataset, BackfillMode.DryRun));

        (await DatabaseDump.OfAsync(fixture.Database.DataSource, fixture.Dataset.Options.EncryptionKey)).AssertSameAs(before);
        Assert.Equal(runs, await fixture.Database.ScalarAsync<long>("SELECT count(*) FROM legacy_backfill_runs"));
        Assert.Equal(Report.Families, dryRun.Families);
        Assert.Equal(
            Report.Problems.Where(problem => problem.Kind is not (ProblemKind.DuplicateApiKeyHash or ProblemKind.DanglingHashMapEntry or ProblemKind.OrphanUsage
                or ProblemKind.SharedSetMismatch or ProblemKind.DanglingGroupReference or ProblemKind.InconsistentBuckets)).Select(problem => (problem.Kind, problem.Count)),
            dryRun.Problems.Select(problem => (problem.Kind, problem.Count)));
    }

    private static IEnumerable<FamilyCount> Lasting(IEnumerable<FamilyCount> families) =>
        families.Where(family => family.Disposition != FamilyDisposition.SkippedEphemeral);
}
