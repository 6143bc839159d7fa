using AppHost.Hosting.DotNetProjects;
using AppHost.Hosting.Health;
using AppHost.Hosting.Postgres;
using AppHost.Hosting.Processes;
using AppHost.Hosting.Redis;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace AppHost.Hosting.Orchestration;

/// <summary>
/// Plays the part of Aspire's orchestrator and container runtime: starts every resource as a
/// local process, each as soon as what it waits for is ready, and on shutdown stops the
/// projects first, then the servers they used.
/// </summary>
internal sealed class Orchestrator(
    DistributedApplicationModel model,
    ProjectLauncher projectLauncher,
    PostgresLauncher postgresLauncher,
    DependencyGate dependencies,
    HealthMonitor healthMonitor,
    ResourceStateReporter states) : IHostedService, IDisposable
{
    private readonly CancellationTokenSource _stopping = new();
    private readonly TaskCompletionSource _projectsStopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly List<Task> _projectRuns = [];
    private readonly List<Task> _serverRuns = [];
    private readonly Lock _stopLock = new();
    private Task? _stop;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var resources = model.Resources.Where(r => r is not ParameterResource).ToList();
        EndpointAllocator.AllocateAll(resources);
        foreach (var resource in resources)
        {
            await states.NotStarted(resource);
        }

        foreach (var resource in resources)
        {
            // Each run is started on the thread pool: none may hold up the others, or the host's start.
            if (resource is ProjectResource)
            {
                _projectRuns.Add(Task.Run(() => RunAsync(resource)));
            }
            else
            {
                _serverRuns.Add(Task.Run(() => RunAsync(resource)));
            }
        }
    }

    /// <summary>Stops everything once, however often it is called.</summary>
    public Task StopAsync(CancellationToken cancellationToken)
    {
        lock (_stopLock)
        {
            return _stop ??= StopAllAsync();
        }
    }

    public void Dispose() => _stopping.Dispose();

    private async Task StopAllAsync()
    {
        await _stopping.CancelAsync();
        await Task.WhenAll(_projectRuns);
        _projectsStopped.SetResult();
        await Task.WhenAll(_serverRuns);
    }

    // Projects may stop at once; servers and databases only after the projects using them.
    private Task RunAsync(IResource resource)
    {
        var stopping = _stopping.Token;
        var serversMayStop = _projectsStopped.Task;
        return resource switch
        {
            ProjectResource project => ProcessRun(project, (_, ct) => projectLauncher.PrepareAsync(project, ct), HttpProbes(project))
                .RunAsync(stopping, mayStop: Task.CompletedTask),
            PostgresServerResource server => ProcessRun(server, (log, ct) => postgresLauncher.PrepareAsync(server, log, ct), [PostgresProbe(server)])
                .RunAsync(stopping, serversMayStop),
            RedisResource redis => ProcessRun(redis, (log, ct) => RedisLauncher.PrepareAsync(redis, log, ct), [RedisProbe(redis)])
                .RunAsync(stopping, serversMayStop),
            PostgresDatabaseResource database => new DatabaseRun(database, dependencies, healthMonitor, states)
                .RunAsync(stopping, serversMayStop),
            _ => states.FailedToStart(resource, $"the local orchestrator cannot run a {resource.GetType().Name}."),
        };
    }

    private ProcessResourceRun ProcessRun(IResource resource, Func<ILogger, CancellationToken, Task<ProcessSpec>> prepare, IReadOnlyList<IHealthProbe> probes) =>
        new(resource, prepare, probes, dependencies, healthMonitor, states);

    private static List<IHealthProbe> HttpProbes(ProjectResource project) =>
        project.Annotations.OfType<HttpHealthCheckAnnotation>()
            .Select(check => (IHealthProbe)new HttpHealthProbe(
                () => new Uri(new Uri(project.GetEndpoint(check.EndpointName).Url), check.Path), check.StatusCode))
            .ToList();

    private static PostgresHealthProbe PostgresProbe(PostgresServerResource server) => new(() => server.ConnectionString);

    private static RedisHealthProbe RedisProbe(RedisResource redis) =>
        new(() => (redis.PrimaryEndpoint.Host, redis.PrimaryEndpoint.Port), () => redis.PasswordParameter.Value);
}
