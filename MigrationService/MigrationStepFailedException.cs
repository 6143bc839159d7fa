namespace MigrationService;

// A step that ran to its end but must not report success, with the exit code that says why
// (MigrationOutcome); any other exception from a step exits with the generic failure code.
internal sealed class MigrationStepFailedException(string message, int exitCode) : Exception(message)
{
    public int ExitCode { get; } = exitCode;
}
