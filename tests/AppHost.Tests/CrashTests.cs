using System.Diagnostics;
using AppHost.Tests.Support;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace AppHost.Tests;

public sealed class CrashTests
{
    private const int KilledBySigkill = 128 + 9;

    [Fact]
    public async Task A_project_that_dies_is_reported_and_not_restarted()
    {
        var logs = new LogCollector();
        var builder = await TestApp.CreateBuilderAsync(logs);
        await using var app = await builder.BuildAsync();
        await app.StartAsync();
        var notifications = app.ResourceNotifications;
        var healthy = await notifications.WaitForResourceHealthyAsync("gateway").WithinAsync(TestApp.StartTimeout, logs);
        var processId = (int)healthy.Snapshot.Properties.Single(p => p.Name == KnownProperties.Executable.Pid).Value!;

        Process.GetProcessById(processId).Kill();
        var exited = await notifications.WaitForResourceAsync("gateway", e => e.Snapshot.State?.Text == KnownResourceStates.Exited)
            .WithinAsync(TimeSpan.FromSeconds(30), logs);
        // Long enough for a restart to have shown.
        await Task.Delay(TimeSpan.FromSeconds(2));

        Assert.Equal(KilledBySigkill, exited.Snapshot.ExitCode);
        Assert.True(notifications.TryGetCurrentState("gateway", out var later));
        Assert.Equal(KnownResourceStates.Exited, later.Snapshot.State?.Text);
        Assert.Contains(logs.Lines, line => line.StartsWith("gateway | state: Exited (code 137); nothing restarts it", StringComparison.Ordinal));
        Assert.True(notifications.TryGetCurrentState("dataservice", out var dataService));
        Assert.Equal((KnownResourceStates.Running, HealthStatus.Healthy), (dataService.Snapshot.State?.Text, dataService.Snapshot.HealthStatus));
    }
}
