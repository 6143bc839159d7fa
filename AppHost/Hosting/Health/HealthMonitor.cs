using AppHost.Hosting.Orchestration;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace AppHost.Hosting.Health;

/// <summary>
/// Probes a running resource over and over and reports when its health changes: every second
/// until it is healthy, then every 30 seconds, as Aspire does.
/// </summary>
internal sealed class HealthMonitor(ResourceStateReporter states)
{
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan UnhealthyInterval = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan HealthyInterval = TimeSpan.FromSeconds(30);

    // A resource still unhealthy this long after it started is probably stuck, so say why.
    private static readonly TimeSpan SlowStartWarning = TimeSpan.FromSeconds(30);

    /// <summary>Returns at once for a resource without probes: it counts as healthy while it runs.</summary>
    public async Task RunAsync(IResource resource, IReadOnlyList<IHealthProbe> probes, CancellationToken stopping)
    {
        if (probes.Count == 0)
        {
            return;
        }

        var started = DateTime.UtcNow;
        var everHealthy = false;
        var warnedAboutSlowStart = false;
        HealthStatus? reported = null;
        try
        {
            while (true)
            {
                var result = await CheckAllAsync(probes, stopping);

                // A probe cut short by the stop says nothing about the resource.
                stopping.ThrowIfCancellationRequested();
                if (result.Status != reported)
                {
                    await states.HealthChanged(resource, result, wasHealthy: reported == HealthStatus.Healthy);
                    reported = result.Status;
                    everHealthy |= result.Status == HealthStatus.Healthy;
                }
                else if (!everHealthy && !warnedAboutSlowStart && DateTime.UtcNow - started > SlowStartWarning)
                {
                    states.StillUnhealthy(resource, result, SlowStartWarning);
                    warnedAboutSlowStart = true;
                }

                await Task.Delay(reported == HealthStatus.Healthy ? HealthyInterval : UnhealthyInterval, stopping);
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // Probing ends with the resource.
        }
    }

    private static async Task<HealthCheckResult> CheckAllAsync(IReadOnlyList<IHealthProbe> probes, CancellationToken stopping)
    {
        foreach (var probe in probes)
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stopping);
            timeout.CancelAfter(ProbeTimeout);
            HealthCheckResult result;
            try
            {
                result = await probe.CheckAsync(timeout.Token);
            }
            catch (OperationCanceledException) when (!stopping.IsCancellationRequested)
            {
                result = HealthCheckResult.Unhealthy($"No answer within {ProbeTimeout.TotalSeconds:F0} s.");
            }

            if (result.Status != HealthStatus.Healthy)
            {
                return result;
            }
        }

        return HealthCheckResult.Healthy();
    }
}
