using System.Diagnostics;

namespace MigrationService;

// The worker's own spans: one for the whole run and one per step, so a trace shows which step
// took the time or failed, around the Npgsql spans of its commands.
internal static class MigrationTelemetry
{
    public const string ActivitySourceName = "MigrationService.Migration";

    public static readonly ActivitySource ActivitySource = new(ActivitySourceName);
}
