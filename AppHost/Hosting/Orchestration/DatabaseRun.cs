using AppHost.Hosting.Health;
using AppHost.Hosting.Postgres;
using Aspire.Hosting.ApplicationModel;

namespace AppHost.Hosting.Orchestration;

/// <summary>
/// A database has no process of its own: once its server is healthy it is created there if
/// need be, then runs, healthy while it accepts connections, until the app stops.
/// </summary>
internal sealed class DatabaseRun(
    PostgresDatabaseResource database,
    DependencyGate dependencies,
    HealthMonitor healthMonitor,
    ResourceStateReporter states)
{
    /// <param name="stopping">Cancelled when the app stops.</param>
    /// <param name="mayStop">Completes once the projects that use the database have stopped.</param>
    public async Task RunAsync(CancellationToken stopping, Task mayStop)
    {
        try
        {
            await dependencies.WaitAsync(database, stopping);
            await states.Starting(database);
            await PostgresDatabaseCreator.EnsureCreatedAsync(database, states.LoggerFor(database), stopping);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            await states.NotStarted(database);
            return;
        }
        catch (Exception exception)
        {
            await states.FailedToStart(database, exception.Message);
            return;
        }

        await states.Running(database, processId: null, hasHealthChecks: true);
        await healthMonitor.RunAsync(database, [new PostgresHealthProbe(() => database.ConnectionString)], stopping);
        await mayStop;
        await states.Stopped(database);
    }
}
