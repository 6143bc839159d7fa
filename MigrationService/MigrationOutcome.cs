namespace MigrationService;

// How the run ended, turned into the process exit code that the AppHost's WaitForCompletion
// checks. It starts as a failure, so a host stopped before the steps finished (a signal, a
// startup error) never reports success.
internal sealed class MigrationOutcome
{
    public const int SucceededExitCode = 0;
    public const int FailedExitCode = 1;

    private volatile bool _succeeded;

    public int ExitCode => _succeeded ? SucceededExitCode : FailedExitCode;

    public void RecordSuccess() => _succeeded = true;
}
