using System.Diagnostics;

namespace MigrationService;

/// <summary>
/// Runs the migration steps once, in order, and then stops the application; the outcome becomes
/// the exit code (<see cref="MigrationOutcome"/>).
/// </summary>
/// <remarks>
/// Failures are caught and logged here rather than left to the host, so the operator reads one
/// clear line and the process still shuts down cleanly with a non-zero exit code.
/// </remarks>
internal sealed class MigrationWorker(
    IServiceProvider services,
    MigrationOutcome outcome,
    IHostApplicationLifetime lifetime,
    ILogger<MigrationWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var activity = MigrationTelemetry.ActivitySource.StartActivity("migrate database");
        try
        {
            await RunStepsAsync(stoppingToken);
            outcome.RecordSuccess();
            MigrationWorkerLog.Succeeded(logger);
        }
        catch (MigrationStepFailedException exception)
        {
            outcome.RecordFailure(exception.ExitCode);
            activity?.SetStatus(ActivityStatusCode.Error, exception.Message);
            MigrationWorkerLog.Failed(logger, exception, exception.Message);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            activity?.SetStatus(ActivityStatusCode.Error, "stopped before it finished");
            MigrationWorkerLog.Stopped(logger);
        }
        catch (Exception exception)
        {
            activity?.AddException(exception);
            activity?.SetStatus(ActivityStatusCode.Error, exception.Message);
            MigrationWorkerLog.Failed(logger, exception, exception.Message);
        }
        finally
        {
            lifetime.StopApplication();
        }
    }

    private async Task RunStepsAsync(CancellationToken stoppingToken)
    {
        // Resolved here, not in the constructor, so a step that cannot be built (no connection
        // string, say) is reported like any other failure instead of crashing the host's start.
        await using var scope = services.CreateAsyncScope();
        foreach (var step in scope.ServiceProvider.GetServices<IMigrationStep>())
        {
            await RunStepAsync(step, stoppingToken);
        }
    }

    private async Task RunStepAsync(IMigrationStep step, CancellationToken stoppingToken)
    {
        using var activity = MigrationTelemetry.ActivitySource.StartActivity($"migration step {step.Name}");
        MigrationWorkerLog.StepStarted(logger, step.Name);
        var duration = Stopwatch.StartNew();
        try
        {
            await step.RunAsync(stoppingToken);
        }
        catch (Exception exception)
        {
            activity?.AddException(exception);
            activity?.SetStatus(ActivityStatusCode.Error, exception.Message);
            throw;
        }

        MigrationWorkerLog.StepFinished(logger, step.Name, duration.Elapsed.TotalMilliseconds);
    }
}
