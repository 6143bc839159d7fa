using System.Collections.Concurrent;
using System.Net;
using Gateway.Tests.Support;
using TestSupport;
using Xunit.Abstractions;

namespace Gateway.Tests;

// Usage under load while the DataService process is killed and started again: clients are
// answered throughout, nothing is recorded while it is down, and afterwards PostgreSQL holds
// exactly one usage event per answered request.
public sealed class DataServiceRestartTests(DataServiceProcessEnvironment environment, ITestOutputHelper output) : IClassFixture<DataServiceProcessEnvironment>
{
    private const int Clients = 16;

    [Fact]
    public async Task Usage_sent_while_the_DataService_restarts_is_recorded_exactly_once()
    {
        await environment.CreateAccountAsync($"sk-ant-oat01-restart-{Guid.NewGuid():N}");
        var key = await environment.CreateKeyAsync();
        using var client = environment.Client(key.ApiKey);
        using (var warm = await client.PostAsync("/v1/messages", GatewayEnvironment.Message()))
        {
            Assert.Equal(HttpStatusCode.OK, warm.StatusCode);
        }

        await environment.WaitForUsageAsync(key.Id, 1);
        var statuses = new ConcurrentBag<HttpStatusCode>();
        using var stop = new CancellationTokenSource();
        var load = Task.WhenAll(Enumerable.Range(0, Clients).Select(worker => Task.Run(async () =>
        {
            for (var request = 0; !stop.IsCancellationRequested; request++)
            {
                using var response = await client.PostAsync("/v1/messages", GatewayEnvironment.Message($"restart {worker} {request}", stream: request % 2 == 0));
                await response.Content.CopyToAsync(Stream.Null);
                statuses.Add(response.StatusCode);
            }
        })));

        await Task.Delay(TimeSpan.FromSeconds(1));
        await environment.Process.KillAsync();
        var sentBeforeOutage = statuses.Count;
        // A commit the process sent just before it died may still land; then nothing may.
        await Task.Delay(TimeSpan.FromMilliseconds(200));
        var recordedAtStop = await environment.RecordedUsageAsync(key.Id);
        await Task.Delay(TimeSpan.FromSeconds(2));
        var recordedWhileDown = await environment.RecordedUsageAsync(key.Id);
        var sentDuringOutage = statuses.Count - sentBeforeOutage;
        var restart = System.Diagnostics.Stopwatch.StartNew();
        await environment.Process.RestartAsync();
        restart.Stop();
        await Task.Delay(TimeSpan.FromSeconds(1));
        await stop.CancelAsync();
        await load;

        var answered = 1 + statuses.Count;
        var recorded = await environment.WaitForUsageAsync(key.Id, answered, TimeSpan.FromSeconds(60));
        await Task.Delay(TimeSpan.FromSeconds(1));
        output.WriteLine($"{answered} requests answered, {sentDuringOutage} of them in the 2 s the DataService was stopped; restart took {restart.Elapsed.TotalSeconds:0.0} s; {recorded.Events} usage events recorded");

        Assert.All(statuses, status => Assert.Equal(HttpStatusCode.OK, status));
        Assert.True(sentDuringOutage > 0, "no request was answered while the DataService was down");
        Assert.Equal(recordedAtStop, recordedWhileDown);
        Assert.Equal(recorded, await environment.RecordedUsageAsync(key.Id));
        Assert.Equal(
            (answered, answered * AnthropicStandIn.InputTokens, answered * AnthropicStandIn.OutputTokens, answered * AnthropicStandIn.CostPerRequest),
            recorded);
    }
}
