using Aspire.Hosting;
using Aspire.Hosting.Testing;
using TestSupport;

namespace AppHost.Tests.Support;

// One app started for a test class and stopped after it; its tests share it. Its gateway
// relays to a stand-in Anthropic API on loopback (the one part outside the system).
public sealed class RunningApp : IAsyncLifetime
{
    private readonly StateDirectory _state = new();

    public LogCollector Logs { get; } = new();

    public AnthropicStandIn Upstream { get; } = new();

    public DistributedApplication App { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await Upstream.StartAsync();
        var builder = await TestApp.CreateBuilderAsync(_state, Logs, $"Gateway:Upstreams:Claude={Upstream.BaseAddress}");
        App = await builder.BuildAsync();
        await App.StartAsync().WithinAsync(TestApp.StartTimeout, Logs);
        await App.ResourceNotifications.WaitForResourceHealthyAsync("gateway").WithinAsync(TestApp.StartTimeout, Logs);
    }

    public async Task DisposeAsync()
    {
        await App.DisposeAsync();
        await Upstream.DisposeAsync();
        _state.Dispose();
    }
}
