using Aspire.Hosting;
using Aspire.Hosting.Testing;

namespace AppHost.Tests.Support;

// One app started for a test class and stopped after it; its tests only look, so they share it.
public sealed class RunningApp : IAsyncLifetime
{
    public LogCollector Logs { get; } = new();

    public DistributedApplication App { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var builder = await TestApp.CreateBuilderAsync(Logs);
        App = await builder.BuildAsync();
        await App.StartAsync();
        await App.ResourceNotifications.WaitForResourceHealthyAsync("gateway").WithinAsync(TestApp.StartTimeout, Logs);
    }

    public async Task DisposeAsync() => await App.DisposeAsync();
}
