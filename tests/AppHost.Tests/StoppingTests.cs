using AppHost.Tests.Support;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace AppHost.Tests;

public sealed class StoppingTests
{
    private static readonly string[] s_processResources = ["postgres-server", "redis", "dataservice", "gateway"];

    [Fact]
    public async Task Disposing_the_app_stops_the_projects_then_the_servers_and_leaves_no_process_or_file_behind()
    {
        var logs = new LogCollector();
        var builder = await TestApp.CreateBuilderAsync(logs);
        await using var app = await builder.BuildAsync();
        await app.StartAsync();
        var notifications = app.ResourceNotifications;
        await notifications.WaitForResourceHealthyAsync("gateway").WithinAsync(TestApp.StartTimeout, logs);
        var mainProcesses = s_processResources.Select(name => ProcessIdOf(notifications, name)).ToList();
        var allProcesses = mainProcesses.SelectMany(ProcessTree.Of).ToList();
        var stateDirectory = app.Services.GetRequiredService<IConfiguration>()["AppHost:StateDirectory"]!;
        Assert.All(mainProcesses, id => Assert.True(ProcessTree.IsAlive(id)));

        await app.DisposeAsync();

        Assert.DoesNotContain(allProcesses, ProcessTree.IsAlive);
        Assert.True(StoppedAt(notifications, "dataservice") <= StoppedAt(notifications, "postgres-server"));
        Assert.True(StoppedAt(notifications, "gateway") <= StoppedAt(notifications, "redis"));
        Assert.All(s_processResources, name => Assert.Equal(0, Snapshot(notifications, name).ExitCode));
        Assert.False(Directory.Exists(stateDirectory));
    }

    private static int ProcessIdOf(ResourceNotificationService notifications, string resource) =>
        (int)Snapshot(notifications, resource).Properties.Single(p => p.Name == KnownProperties.Executable.Pid).Value!;

    private static DateTime? StoppedAt(ResourceNotificationService notifications, string resource) => Snapshot(notifications, resource).StopTimeStamp;

    private static CustomResourceSnapshot Snapshot(ResourceNotificationService notifications, string resource) =>
        notifications.TryGetCurrentState(resource, out var current) ? current.Snapshot : throw new InvalidOperationException($"No state for {resource}.");
}
