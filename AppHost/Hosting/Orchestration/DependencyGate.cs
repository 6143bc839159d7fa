using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;

namespace AppHost.Hosting.Orchestration;

/// <summary>
/// Holds a resource in Waiting until everything it waits for is ready: its WaitFor and
/// WaitForCompletion dependencies, and the server a database lives in.
/// </summary>
internal sealed class DependencyGate(ResourceNotificationService notifications, ResourceStateReporter states)
{
    /// <summary>Returns once the resource may start; throws <see cref="DistributedApplicationException"/> if it never may.</summary>
    public async Task WaitAsync(IResource resource, CancellationToken stopping)
    {
        var waits = WaitsOf(resource);
        if (waits.Count == 0)
        {
            return;
        }

        await states.Waiting(resource, waits.Select(w => w.Resource).Distinct());
        foreach (var wait in waits)
        {
            await (wait.WaitType == WaitType.WaitForCompletion
                ? WaitForCompletionAsync(wait, stopping)
                : WaitUntilHealthyAsync(wait.Resource, stopping));
        }
    }

    private static List<WaitAnnotation> WaitsOf(IResource resource)
    {
        var waits = resource.Annotations.OfType<WaitAnnotation>().ToList();
        if (resource is IResourceWithParent<IResource> child)
        {
            waits.Insert(0, new WaitAnnotation(child.Parent, WaitType.WaitUntilHealthy));
        }

        return waits;
    }

    private async Task WaitUntilHealthyAsync(IResource dependency, CancellationToken stopping)
    {
        var reached = await notifications.WaitForResourceAsync(
            dependency.Name,
            e => ResourceNotificationService.IsRunningAndHealthy(e.Snapshot) || KnownResourceStates.IsTerminal(e.Snapshot.State?.Text),
            stopping);
        if (!ResourceNotificationService.IsRunningAndHealthy(reached.Snapshot))
        {
            throw new DistributedApplicationException(
                $"it waits for {dependency.Name} to be healthy, but {dependency.Name} is {ResourceNotificationService.DescribeState(reached.Snapshot)}.");
        }
    }

    private async Task WaitForCompletionAsync(WaitAnnotation wait, CancellationToken stopping)
    {
        var dependency = wait.Resource.Name;
        var reached = await notifications.WaitForResourceAsync(
            dependency, e => KnownResourceStates.IsTerminal(e.Snapshot.State?.Text), stopping);
        if (reached.Snapshot.ExitCode != wait.ExitCode)
        {
            throw new DistributedApplicationException(
                $"it waits for {dependency} to finish with exit code {wait.ExitCode}, but {dependency} is {ResourceNotificationService.DescribeState(reached.Snapshot)}.");
        }
    }
}
