using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace AppHost.Hosting.Orchestration;

/// <summary>
/// Watches the resources while the AppHost runs in a terminal: writes the summary once
/// everything is up, stops the app when a resource can never start, and remembers failures
/// for the exit code.
/// </summary>
internal sealed class RunMonitor(
    DistributedApplicationModel model,
    ResourceNotificationService notifications,
    ReadinessSummary summary,
    IHostApplicationLifetime lifetime,
    ILoggerFactory loggers)
{
    private readonly ILogger _logger = loggers.CreateLogger(ReadinessSummary.LoggerName);

    /// <summary>A resource failed to start, or a process exited with an error.</summary>
    public bool SawFailure { get; private set; }

    public async Task WatchAsync(CancellationToken stopping)
    {
        var summarized = false;
        try
        {
            await foreach (var change in notifications.WatchAsync(stopping))
            {
                var state = change.Snapshot.State?.Text;
                SawFailure |= state is KnownResourceStates.FailedToStart or KnownResourceStates.Exited;
                if (state == KnownResourceStates.FailedToStart)
                {
                    HostingLog.StoppingAfterFailure(_logger, change.ResourceId);
                    lifetime.StopApplication();
                    return;
                }

                if (!summarized && AllUp())
                {
                    summary.Write(_logger);
                    summarized = true;
                }
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // The app is stopping; what happens now is expected.
        }
    }

    // Up: running and healthy, or finished its work.
    private bool AllUp() => model.Resources
        .Where(r => r is not ParameterResource)
        .All(r => notifications.TryGetCurrentState(r.Name, out var current)
            && (ResourceNotificationService.IsRunningAndHealthy(current.Snapshot) || current.Snapshot.State?.Text == KnownResourceStates.Finished));
}
