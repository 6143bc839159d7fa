using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;

namespace AppHost.Hosting.Orchestration;

/// <summary>Publishes each state change of a resource and says it on the console, under the resource's name.</summary>
internal sealed class ResourceStateReporter(ResourceNotificationService notifications, ILoggerFactory loggers)
{
    public ILogger LoggerFor(IResource resource) => loggers.CreateLogger(resource.Name);

    public Task NotStarted(IResource resource) =>
        Publish(resource, snapshot => snapshot with { State = KnownResourceStates.NotStarted });

    public Task Waiting(IResource resource, IEnumerable<IResource> dependencies)
    {
        HostingLog.Waiting(LoggerFor(resource), string.Join(", ", dependencies.Select(d => d.Name)));
        return Publish(resource, snapshot => snapshot with { State = KnownResourceStates.Waiting });
    }

    public Task Starting(IResource resource)
    {
        HostingLog.Starting(LoggerFor(resource));
        return Publish(resource, snapshot => snapshot with { State = KnownResourceStates.Starting });
    }

    /// <summary>Running; a resource without health checks is healthy as soon as it runs.</summary>
    public Task Running(IResource resource, int? processId, bool hasHealthChecks)
    {
        if (processId is { } id)
        {
            HostingLog.RunningProcess(LoggerFor(resource), id);
        }
        else
        {
            HostingLog.Running(LoggerFor(resource));
        }

        if (!hasHealthChecks)
        {
            HostingLog.Healthy(LoggerFor(resource));
        }

        return Publish(resource, snapshot => snapshot with
        {
            State = KnownResourceStates.Running,
            HealthStatus = hasHealthChecks ? null : HealthStatus.Healthy,
            StartTimeStamp = DateTime.UtcNow,
            Properties = processId is { } pid ? [new(KnownProperties.Executable.Pid, pid)] : [],
        });
    }

    /// <summary>Logs becoming healthy, and becoming unhealthy after having been healthy; the first failures while starting are expected.</summary>
    public Task HealthChanged(IResource resource, HealthCheckResult result, bool wasHealthy)
    {
        if (result.Status == HealthStatus.Healthy)
        {
            HostingLog.Healthy(LoggerFor(resource));
        }
        else if (wasHealthy)
        {
            HostingLog.Unhealthy(LoggerFor(resource), result.Description);
        }

        return Publish(resource, snapshot => snapshot with { HealthStatus = result.Status });
    }

    public void StillUnhealthy(IResource resource, HealthCheckResult result, TimeSpan since) =>
        HostingLog.StillUnhealthy(LoggerFor(resource), since.TotalSeconds, result.Description);

    public Task Stopping(IResource resource)
    {
        HostingLog.Stopping(LoggerFor(resource));
        return Publish(resource, snapshot => snapshot with { State = KnownResourceStates.Stopping });
    }

    /// <summary>Finished for exit code 0, else Exited; an exit nobody asked for is an error.</summary>
    public Task Exited(IResource resource, int exitCode, bool stopRequested)
    {
        var logger = LoggerFor(resource);
        if (exitCode == 0)
        {
            HostingLog.Finished(logger);
        }
        else if (stopRequested)
        {
            HostingLog.ExitedWhenStopped(logger, exitCode);
        }
        else
        {
            HostingLog.Crashed(logger, exitCode);
        }

        return Publish(resource, snapshot => snapshot with
        {
            State = exitCode == 0 ? KnownResourceStates.Finished : KnownResourceStates.Exited,
            ExitCode = exitCode,
            HealthStatus = null,
            StopTimeStamp = DateTime.UtcNow,
        });
    }

    /// <summary>Finished, for a resource without a process of its own.</summary>
    public Task Stopped(IResource resource)
    {
        HostingLog.Stopped(LoggerFor(resource));
        return Publish(resource, snapshot => snapshot with
        {
            State = KnownResourceStates.Finished,
            HealthStatus = null,
            StopTimeStamp = DateTime.UtcNow,
        });
    }

    public Task FailedToStart(IResource resource, string reason)
    {
        HostingLog.FailedToStart(LoggerFor(resource), reason);
        return Publish(resource, snapshot => snapshot with { State = KnownResourceStates.FailedToStart, HealthStatus = null });
    }

    private Task Publish(IResource resource, Func<CustomResourceSnapshot, CustomResourceSnapshot> update) =>
        notifications.PublishUpdateAsync(resource, update);
}
