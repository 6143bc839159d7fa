using MigrationService.Backfill;

namespace MigrationService.Tests.Backfill;

public sealed class BackfillCommandLineTests
{
    [Fact]
    public void The_backfill_switches_become_the_mode_and_leave_the_host_its_arguments()
    {
        var commandLine = BackfillCommandLine.Parse(["--urls", "http://127.0.0.1:0", "--verify"]);

        Assert.Equal(["--urls", "http://127.0.0.1:0"], commandLine.HostArguments);
        Assert.Equal(nameof(BackfillMode.Verify), commandLine.Settings["Backfill:Mode"]);
        Assert.Equal(nameof(BackfillMode.DryRun), BackfillCommandLine.Parse(["--dry-run"]).Settings["Backfill:Mode"]);
        Assert.Empty(BackfillCommandLine.Parse([]).Settings);
    }

    [Fact]
    public void A_dry_run_cannot_also_verify() =>
        Assert.Throws<ArgumentException>(() => BackfillCommandLine.Parse(["--dry-run", "--verify"]));
}
