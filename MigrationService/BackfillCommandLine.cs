using MigrationService.Backfill;

namespace MigrationService;

// The backfill's switches, taken off the command line before the host sees it (the host's
// command-line configuration wants a value after every switch): --dry-run reports what would
// move, --verify compares Redis with PostgreSQL; neither writes.
internal sealed record BackfillCommandLine(string[] HostArguments, IReadOnlyDictionary<string, string?> Settings)
{
    public const string DryRun = "--dry-run";
    public const string Verify = "--verify";

    public static BackfillCommandLine Parse(string[] args)
    {
        var dryRun = args.Contains(DryRun, StringComparer.OrdinalIgnoreCase);
        var verify = args.Contains(Verify, StringComparer.OrdinalIgnoreCase);
        if (dryRun && verify)
        {
            throw new ArgumentException($"{DryRun} and {Verify} cannot be combined.", nameof(args));
        }

        var settings = new Dictionary<string, string?>();
        if (dryRun || verify)
        {
            settings[$"{BackfillSettings.Section}:{nameof(BackfillSettings.Mode)}"] = (dryRun ? BackfillMode.DryRun : BackfillMode.Verify).ToString();
        }

        return new BackfillCommandLine(
            [.. args.Where(arg => !arg.Equals(DryRun, StringComparison.OrdinalIgnoreCase) && !arg.Equals(Verify, StringComparison.OrdinalIgnoreCase))],
            settings);
    }
}
