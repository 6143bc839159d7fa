namespace MigrationService;

// How the run ended, turned into the process exit code that the AppHost's WaitForCompletion
// checks. It starts as a failure, so a host stopped before the steps finished (a signal, a
// startup error) never reports success.
internal sealed class MigrationOutcome
{
    public const int SucceededExitCode = 0;
    public const int FailedExitCode = 1;

    // Redis and PostgreSQL differ: a verification found differences, or a backfill ended with
    // records that still differed after its last verification round.
    public const int DifferencesExitCode = 2;

    private volatile int _exitCode = FailedExitCode;

    public int ExitCode => _exitCode;

    public void RecordSuccess() => _exitCode = SucceededExitCode;

    public void RecordFailure(int exitCode) => _exitCode = exitCode;
}
