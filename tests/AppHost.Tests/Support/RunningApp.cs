using System.Collections.Concurrent;
using Aspire.Hosting;
using Aspire.Hosting.Testing;
using TestSupport;

namespace AppHost.Tests.Support;

// One app started for a test class and stopped after it; its tests share it. Its gateway
// relays to a stand-in Anthropic API on loopback (the one part outside the system).
public sealed class RunningApp : IAsyncLifetime
{
    private readonly StateDirectory _state = new();
    private readonly ConcurrentQueue<(string Resource, string? State)> _states = new();
    private readonly CancellationTokenSource _stopWatching = new();
    private Task _watching = Task.CompletedTask;

    public LogCollector Logs { get; } = new();

    public AnthropicStandIn Upstream { get; } = new();

    public DistributedApplication App { get; private set; } = null!;

    // Every resource's states in the order the app published them, from before it started:
    // the order of two resources' changes, which their timestamps (taken by the orchestrator
    // as it notices a process start or end) do not always tell.
    public IReadOnlyList<(string Resource, string? State)> States => [.. _states];

    public async Task InitializeAsync()
    {
        await Upstream.StartAsync();
        var builder = await TestApp.CreateBuilderAsync(_state, Logs, $"Gateway:Upstreams:Claude={Upstream.BaseAddress}");
        App = await builder.BuildAsync();
        _watching = WatchStatesAsync();
        await App.StartAsync().WithinAsync(TestApp.StartTimeout, Logs);
        await App.ResourceNotifications.WaitForResourceHealthyAsync("gateway").WithinAsync(TestApp.StartTimeout, Logs);
    }

    public async Task DisposeAsync()
    {
        await _stopWatching.CancelAsync();
        await _watching;
        await App.DisposeAsync();
        await Upstream.DisposeAsync();
        _state.Dispose();
        _stopWatching.Dispose();
    }

    private async Task WatchStatesAsync()
    {
        var last = new Dictionary<string, string?>();
        try
        {
            await foreach (var change in App.ResourceNotifications.WatchAsync(_stopWatching.Token))
            {
                var state = change.Snapshot.State?.Text;
                if (!last.TryGetValue(change.Resource.Name, out var previous) || previous != state)
                {
                    last[change.Resource.Name] = state;
                    _states.Enqueue((change.Resource.Name, state));
                }
            }
        }
        catch (OperationCanceledException) when (_stopWatching.IsCancellationRequested)
        {
        }
    }
}
