using MigrationService.Backfill;

namespace MigrationService.Tests.Backfill;

public sealed class ResumableBackfillTests(LegacyRedisFixture fixture) : IClassFixture<LegacyRedisFixture>
{
    private const int PagesBeforeTheStop = 4;

    [Fact]
    public async Task A_run_stopped_after_some_pages_continues_from_its_last_page_and_ends_as_an_uninterrupted_run()
    {
        var options = BackfillTestOptions.For(fixture.Dataset) with { ScanPageSize = 300 };
        await using var uninterrupted = await BackfillDatabase.CreateAsync("backfill_whole");
        var whole = await uninterrupted.RunAsync(fixture.Redis, options);
        await using var interrupted = await BackfillDatabase.CreateAsync("backfill_resumed");

        using var stop = new CancellationTokenSource();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => interrupted.RunAsync(
            fixture.Redis,
            options with { Progress = new SynchronousProgress<BackfillProgress>(progress => { if (progress.Pages == PagesBeforeTheStop) { stop.Cancel(); } }) },
            stop.Token));
        Assert.Equal(PagesBeforeTheStop, await interrupted.ScalarAsync<long>("SELECT pages FROM legacy_backfill_runs WHERE finished_at IS NULL"));
        Assert.Equal("scan", await interrupted.ScalarAsync<string>("SELECT phase FROM legacy_backfill_runs"));

        var firstPageAfterTheStop = 0L;
        var resumed = await interrupted.RunAsync(
            fixture.Redis,
            options with { Progress = new SynchronousProgress<BackfillProgress>(progress => firstPageAfterTheStop = firstPageAfterTheStop == 0 ? progress.Pages : firstPageAfterTheStop) });

        Assert.Equal(PagesBeforeTheStop + 1, firstPageAfterTheStop);
        Assert.Equal(1L, await interrupted.ScalarAsync<long>("SELECT count(*) FROM legacy_backfill_runs WHERE phase = 'done'"));
        (await DatabaseDump.OfAsync(interrupted.DataSource, fixture.Dataset.Options.EncryptionKey))
            .AssertSameAs(await DatabaseDump.OfAsync(uninterrupted.DataSource, fixture.Dataset.Options.EncryptionKey));
        Assert.Equal(whole.Families, resumed.Families);
        Assert.Equal(whole.KeysScanned, resumed.KeysScanned);
        Assert.Equal(whole.Problems.Select(problem => (problem.Kind, problem.Count)), resumed.Problems.Select(problem => (problem.Kind, problem.Count)));
    }
}
