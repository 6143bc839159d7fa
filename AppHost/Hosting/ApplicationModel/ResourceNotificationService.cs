using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Aspire.Hosting.ApplicationModel;

/// <summary>
/// The latest snapshot of every resource, and a stream of changes to wait on. Resource names are
/// compared case-insensitively.
/// </summary>
public sealed class ResourceNotificationService
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, ResourceEvent> _latest = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<Channel<ResourceEvent>> _watchers = [];

    /// <summary>Replaces a resource's snapshot with what <paramref name="update"/> makes of the current one.</summary>
    public Task PublishUpdateAsync(IResource resource, Func<CustomResourceSnapshot, CustomResourceSnapshot> update)
    {
        lock (_lock)
        {
            var current = _latest.TryGetValue(resource.Name, out var latest)
                ? latest.Snapshot
                : new CustomResourceSnapshot { ResourceType = ResourceTypeOf(resource) };
            var next = new ResourceEvent(resource, resource.Name, update(current));
            _latest[resource.Name] = next;
            foreach (var watcher in _watchers)
            {
                watcher.Writer.TryWrite(next);
            }
        }

        return Task.CompletedTask;
    }

    public bool TryGetCurrentState(string resourceName, [NotNullWhen(true)] out ResourceEvent? resourceEvent)
    {
        lock (_lock)
        {
            return _latest.TryGetValue(resourceName, out resourceEvent);
        }
    }

    /// <summary>The current snapshot of every resource, then each change as it happens.</summary>
    public async IAsyncEnumerable<ResourceEvent> WatchAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var channel = Channel.CreateUnbounded<ResourceEvent>(new() { SingleReader = true });
        lock (_lock)
        {
            foreach (var current in _latest.Values)
            {
                channel.Writer.TryWrite(current);
            }

            _watchers.Add(channel);
        }

        try
        {
            await foreach (var resourceEvent in channel.Reader.ReadAllAsync(cancellationToken))
            {
                yield return resourceEvent;
            }
        }
        finally
        {
            lock (_lock)
            {
                _watchers.Remove(channel);
            }
        }
    }

    public async Task<ResourceEvent> WaitForResourceAsync(string resourceName, Func<ResourceEvent, bool> predicate, CancellationToken cancellationToken = default)
    {
        await foreach (var resourceEvent in WatchAsync(cancellationToken))
        {
            if (string.Equals(resourceEvent.ResourceId, resourceName, StringComparison.OrdinalIgnoreCase) && predicate(resourceEvent))
            {
                return resourceEvent;
            }
        }

        throw new OperationCanceledException(cancellationToken);
    }

    public Task WaitForResourceAsync(string resourceName, string? targetState = null, CancellationToken cancellationToken = default) =>
        WaitForResourceAsync(resourceName, [targetState ?? KnownResourceStates.Running], cancellationToken);

    /// <summary>Waits until the resource is in one of <paramref name="targetStates"/>, and returns that state.</summary>
    public async Task<string> WaitForResourceAsync(string resourceName, IEnumerable<string> targetStates, CancellationToken cancellationToken = default)
    {
        var states = targetStates.ToHashSet(StringComparer.OrdinalIgnoreCase);
        var reached = await WaitForResourceAsync(
            resourceName, e => e.Snapshot.State?.Text is { } state && states.Contains(state), cancellationToken);
        return reached.Snapshot.State!.Text;
    }

    /// <summary>
    /// Waits until the resource is running and healthy. Throws if it reaches a terminal state
    /// first, since then it will not become healthy.
    /// </summary>
    public async Task<ResourceEvent> WaitForResourceHealthyAsync(string resourceName, CancellationToken cancellationToken = default)
    {
        var reached = await WaitForResourceAsync(
            resourceName, e => IsRunningAndHealthy(e.Snapshot) || KnownResourceStates.IsTerminal(e.Snapshot.State?.Text), cancellationToken);
        if (!IsRunningAndHealthy(reached.Snapshot))
        {
            throw new DistributedApplicationException(
                $"Stopped waiting for resource '{resourceName}' to become healthy: it is {DescribeState(reached.Snapshot)}.");
        }

        return reached;
    }

    internal static bool IsRunningAndHealthy(CustomResourceSnapshot snapshot) =>
        snapshot.State?.Text == KnownResourceStates.Running && snapshot.HealthStatus == HealthStatus.Healthy;

    internal static string DescribeState(CustomResourceSnapshot snapshot) => snapshot.ExitCode is { } exitCode
        ? $"{snapshot.State?.Text} (exit code {exitCode})"
        : snapshot.State?.Text ?? KnownResourceStates.NotStarted;

    private static string ResourceTypeOf(IResource resource)
    {
        var typeName = resource.GetType().Name;
        return typeName.EndsWith(nameof(Resource), StringComparison.Ordinal) ? typeName[..^nameof(Resource).Length] : typeName;
    }
}
