using Aspire.Hosting;
using Aspire.Hosting.Testing;

namespace AppHost.Tests.Support;

// One app started for a test class and stopped after it; its tests share it.
public sealed class RunningApp : IAsyncLifetime
{
    private readonly StateDirectory _state = new();

    public LogCollector Logs { get; } = new();

    public DistributedApplication App { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var builder = await TestApp.CreateBuilderAsync(_state, Logs);
        App = await builder.BuildAsync();
        await App.StartAsync().WithinAsync(TestApp.StartTimeout, Logs);
        await App.ResourceNotifications.WaitForResourceHealthyAsync("gateway").WithinAsync(TestApp.StartTimeout, Logs);
    }

    public async Task DisposeAsync()
    {
        await App.DisposeAsync();
        _state.Dispose();
    }
}
