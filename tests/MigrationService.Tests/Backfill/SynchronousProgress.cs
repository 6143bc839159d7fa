namespace MigrationService.Tests.Backfill;

// Progress<T> reports on the thread pool, later; tests that act at a given page need the report
// while the run waits for it.
internal sealed class SynchronousProgress<T>(Action<T> report) : IProgress<T>
{
    public void Report(T value) => report(value);
}
