using AppHost.Tests.Support;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;

namespace AppHost.Tests;

public sealed class FailingMigrationTests
{
    private static readonly TimeSpan FailureTimeout = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task A_migration_that_fails_keeps_dataservice_and_gateway_from_starting()
    {
        var logs = new LogCollector();
        var builder = await TestApp.CreateBuilderAsync(logs);
        var migration = builder.Resources.OfType<ProjectResource>().Single(r => r.Name == "migration");
        // Overrides what WithReference(database) injected: nothing listens on port 1.
        builder.CreateResourceBuilder(migration)
            .WithEnvironment("ConnectionStrings__postgres", "Host=localhost;Port=1;Username=postgres;Password=unused;Database=relay");
        await using var app = await builder.BuildAsync();
        await app.StartAsync();
        var notifications = app.ResourceNotifications;

        var migrationEnd = await notifications.WaitForResourceAsync("migration", KnownResourceStates.TerminalStates).WithinAsync(FailureTimeout, logs);
        await notifications.WaitForResourceAsync("dataservice", KnownResourceStates.FailedToStart).WithinAsync(FailureTimeout, logs);
        await notifications.WaitForResourceAsync("gateway", KnownResourceStates.FailedToStart).WithinAsync(FailureTimeout, logs);

        Assert.Equal(KnownResourceStates.Exited, migrationEnd);
        Assert.True(notifications.TryGetCurrentState("dataservice", out var dataService));
        Assert.Null(dataService.Snapshot.StartTimeStamp);
        await Assert.ThrowsAsync<DistributedApplicationException>(() => notifications.WaitForResourceHealthyAsync("dataservice"));
        Assert.Contains(logs.Lines, line =>
            line.StartsWith("dataservice | state: FailedToStart", StringComparison.Ordinal) && line.Contains("migration is Exited (exit code", StringComparison.Ordinal));
    }
}
