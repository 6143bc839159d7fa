using AppHost.Hosting.Health;
using AppHost.Hosting.Processes;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.Logging;

namespace AppHost.Hosting.Orchestration;

/// <summary>
/// One resource's process from start to exit: waits for its dependencies, prepares and starts
/// it, follows its health, and stops it when the app stops. A process that exits by itself is
/// reported and left so; nothing restarts it.
/// </summary>
internal sealed class ProcessResourceRun(
    IResource resource,
    Func<ILogger, CancellationToken, Task<ProcessSpec>> prepare,
    IReadOnlyList<IHealthProbe> probes,
    DependencyGate dependencies,
    HealthMonitor healthMonitor,
    ResourceStateReporter states)
{
    private static readonly TimeSpan StopGracePeriod = TimeSpan.FromSeconds(20);

    /// <param name="stopping">Cancelled when the app stops.</param>
    /// <param name="mayStop">Completes when the process may be stopped; servers wait for the projects using them.</param>
    public async Task RunAsync(CancellationToken stopping, Task mayStop)
    {
        var logger = states.LoggerFor(resource);
        ResourceProcess process;
        try
        {
            await dependencies.WaitAsync(resource, stopping);
            await states.Starting(resource);
            var spec = await prepare(logger, stopping);
            stopping.ThrowIfCancellationRequested();
            process = ResourceProcess.Start(spec, logger);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            await states.NotStarted(resource);
            return;
        }
        catch (Exception exception)
        {
            await states.FailedToStart(resource, exception.Message);
            return;
        }

        await states.Running(resource, process.Id, hasHealthChecks: probes.Count > 0);
        using var stopProbing = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        var probing = healthMonitor.RunAsync(resource, probes, stopProbing.Token);

        var stopRequested = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var onStopping = stopping.Register(() => stopRequested.TrySetResult());
        if (await Task.WhenAny(process.Exited, stopRequested.Task) != process.Exited)
        {
            await mayStop;
            if (!process.Exited.IsCompleted)
            {
                await states.Stopping(resource);
            }

            await process.StopAsync(StopGracePeriod);
        }

        await stopProbing.CancelAsync();
        await probing;
        await states.Exited(resource, await process.Exited, stopping.IsCancellationRequested);
    }
}
