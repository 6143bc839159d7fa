using MigrationService.Backfill;
using MigrationService.Steps;

namespace MigrationService;

// The switches, taken off the command line before the host sees it (the host's command-line
// configuration wants a value after every switch). The backfill's: --dry-run reports what
// would move, --verify compares Redis with PostgreSQL; neither writes. --wait-for-schema
// only waits until PostgreSQL holds this build's schema (a Kubernetes init container).
internal sealed record BackfillCommandLine(string[] HostArguments, IReadOnlyDictionary<string, string?> Settings)
{
    public const string DryRun = "--dry-run";
    public const string Verify = "--verify";
    public const string WaitForSchema = "--wait-for-schema";
    private static readonly string[] Switches = [DryRun, Verify, WaitForSchema];

    public static BackfillCommandLine Parse(string[] args)
    {
        var dryRun = args.Contains(DryRun, StringComparer.OrdinalIgnoreCase);
        var verify = args.Contains(Verify, StringComparer.OrdinalIgnoreCase);
        if (dryRun && verify)
        {
            throw new ArgumentException($"{DryRun} and {Verify} cannot be combined.", nameof(args));
        }

        var waitForSchema = args.Contains(WaitForSchema, StringComparer.OrdinalIgnoreCase);
        if (waitForSchema && (dryRun || verify))
        {
            throw new ArgumentException($"{WaitForSchema} cannot be combined with {DryRun} or {Verify}.", nameof(args));
        }

        var settings = new Dictionary<string, string?>();
        if (waitForSchema)
        {
            settings[SchemaWaitStep.Setting] = bool.TrueString;
        }

        if (dryRun || verify)
        {
            settings[$"{BackfillSettings.Section}:{nameof(BackfillSettings.Mode)}"] = (dryRun ? BackfillMode.DryRun : BackfillMode.Verify).ToString();
        }

        return new BackfillCommandLine(
            [.. args.Where(arg => !Switches.Contains(arg, StringComparer.OrdinalIgnoreCase))],
            settings);
    }
}
