using System.Net;
using System.Text;
using Gateway.Tests.Support;
using StackExchange.Redis;
using TestSupport;

namespace Gateway.Tests;

// Usage read from answers as they pass and recorded in PostgreSQL exactly once per request.
public sealed class UsageTests(GatewayEnvironment environment) : IClassFixture<GatewayEnvironment>, IAsyncLifetime
{
    public Task InitializeAsync() => environment.UseOnlyNewAccountAsync("usage");

    public Task DisposeAsync()
    {
        environment.ReleaseHeldStreams();
        environment.DataServiceDown = false;
        return Task.CompletedTask;
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Usage_and_cost_of_an_answer_are_recorded_once(bool stream)
    {
        var key = await environment.CreateKeyAsync();
        using var client = environment.Client(key.ApiKey);

        using var response = await client.PostAsync("/v1/messages", GatewayEnvironment.Message(stream: stream));
        var body = await response.Content.ReadAsStringAsync();
        await environment.WaitForUsageAsync(key.Id, 1);
        await Task.Delay(300);
        var usage = await environment.RecordedUsageAsync(key.Id);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(stream ? "message_stop" : "end_turn", body, StringComparison.Ordinal);
        Assert.Equal((1L, AnthropicStandIn.InputTokens, AnthropicStandIn.OutputTokens, AnthropicStandIn.CostPerRequest), usage);
    }

    // An entry in the usage stream that holds nothing countable (written by hand, or by a
    // broken writer) is set aside with its content, and the usage beside it still arrives.
    [Fact]
    public async Task An_unreadable_usage_entry_is_dead_lettered_and_holds_up_nothing()
    {
        var key = await environment.CreateKeyAsync();
        using var client = environment.Client(key.ApiKey);
        var marker = $"not a usage record {Guid.NewGuid():N}";

        await environment.Redis.StreamAddAsync(environment.UsageStream, Gateway.Usage.UsageEntry.Field, marker);
        using var response = await client.PostAsync("/v1/messages", GatewayEnvironment.Message());
        var usage = await environment.WaitForUsageAsync(key.Id, 1);
        var deadLetters = await environment.Redis.StreamRangeAsync(environment.UsageStream + ":dead");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1, usage.Events);
        Assert.Contains(deadLetters, entry => entry[Gateway.Usage.UsageEntry.Field] == marker);
    }

    // An entry holds the usage of every request that ended in one ledger call, so one read of
    // entries can hold more records than the DataService takes in one batch (10,000).
    [Fact]
    public async Task A_usage_entry_with_more_records_than_a_DataService_batch_is_delivered_in_batches_and_counted_once()
    {
        var key = await environment.CreateKeyAsync();
        var account = await environment.CreateAccountAsync($"sk-ant-oat01-usage-entry-{Guid.NewGuid():N}");
        var fields = Enumerable.Range(0, 10_001).Select(request => new NameValueEntry(Gateway.Usage.UsageEntry.Field, Gateway.Usage.UsageEntry.Payload(new DataAccess.Usage.UsageRecord
        {
            EventId = Guid.CreateVersion7(),
            Timestamp = DateTimeOffset.UtcNow,
            ApiKeyId = key.Id,
            AccountId = account,
            Model = AnthropicStandIn.Model,
            InputTokens = 2,
            OutputTokens = 1,
            Cost = 0.5m,
        }))).ToArray();

        await environment.Redis.StreamAddAsync(environment.UsageStream, fields);
        await environment.WaitForUsageAsync(key.Id, 10_001);
        await Task.Delay(300);

        Assert.Equal((10_001L, 20_002L, 10_001L, 5_000.5m), await environment.RecordedUsageAsync(key.Id));
    }

    [Fact]
    public async Task Events_reach_the_client_before_the_upstream_finishes()
    {
        var key = await environment.CreateKeyAsync();
        using var client = environment.Client(key.ApiKey);
        environment.Upstream.HoldStreams = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        using var response = await client.SendAsync(
            new HttpRequestMessage(HttpMethod.Post, "/v1/messages") { Content = GatewayEnvironment.Message(stream: true) }, HttpCompletionOption.ResponseHeadersRead);
        var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        var firstLine = await reader.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(10));
        var secondLine = await reader.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(10));
        var finishedEarly = environment.Upstream.HoldStreams.Task.IsCompleted;
        environment.Upstream.HoldStreams.SetResult();
        var rest = await reader.ReadToEndAsync();

        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("event: message_start", firstLine);
        Assert.StartsWith("data: {\"type\":\"message_start\"", secondLine, StringComparison.Ordinal);
        Assert.False(finishedEarly);
        Assert.EndsWith("data: {\"type\":\"message_stop\"}\n\n", rest, StringComparison.Ordinal);
    }

    // The client leaves after the first event: the upstream request is cancelled and the
    // usage reported so far (message_start) is recorded, once.
    [Fact]
    public async Task A_stream_the_client_leaves_is_recorded_once_with_the_usage_seen()
    {
        var key = await environment.CreateKeyAsync();
        using var client = environment.Client(key.ApiKey);
        environment.Upstream.HoldStreams = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var abort = new CancellationTokenSource();

        using (var response = await client.SendAsync(
            new HttpRequestMessage(HttpMethod.Post, "/v1/messages") { Content = GatewayEnvironment.Message(stream: true) }, HttpCompletionOption.ResponseHeadersRead, abort.Token))
        {
            var reader = new StreamReader(await response.Content.ReadAsStreamAsync(abort.Token));
            await reader.ReadLineAsync(abort.Token);
            abort.Cancel();
        }

        var usage = await environment.WaitForUsageAsync(key.Id, 1);
        await Task.Delay(300);
        Assert.Equal(usage, await environment.RecordedUsageAsync(key.Id));
        Assert.Equal((1L, AnthropicStandIn.InputTokens, 1L), (usage.Events, usage.Input, usage.Output));
    }

    [Fact]
    public async Task Usage_waits_while_the_DataService_is_down_and_is_recorded_once_when_it_is_back()
    {
        var key = await environment.CreateKeyAsync();
        using var client = environment.Client(key.ApiKey);
        using (var warm = await client.PostAsync("/v1/messages", GatewayEnvironment.Message()))
        {
            Assert.Equal(HttpStatusCode.OK, warm.StatusCode);
        }

        await environment.WaitForUsageAsync(key.Id, 1);
        environment.DataServiceDown = true;
        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(request =>
            client.PostAsync("/v1/messages", GatewayEnvironment.Message($"outage {request}", stream: request % 2 == 0))));
        await Task.Delay(TimeSpan.FromSeconds(1));
        var duringOutage = await environment.RecordedUsageAsync(key.Id);
        environment.DataServiceDown = false;
        var after = await environment.WaitForUsageAsync(key.Id, 21, TimeSpan.FromSeconds(30));
        await Task.Delay(500);

        Assert.All(responses, response => Assert.Equal(HttpStatusCode.OK, response.StatusCode));
        Assert.Equal(1, duringOutage.Events);
        Assert.Equal(after, await environment.RecordedUsageAsync(key.Id));
        Assert.Equal(21, after.Events);
        Assert.Equal(21 * AnthropicStandIn.CostPerRequest, after.Cost);
    }

    [Fact]
    public async Task Every_request_of_a_parallel_load_is_recorded_exactly_once()
    {
        var key = await environment.CreateKeyAsync();
        using var client = environment.Client(key.ApiKey);

        var responses = await Task.WhenAll(Enumerable.Range(0, 300).Select(async request =>
        {
            using var response = await client.PostAsync("/v1/messages", GatewayEnvironment.Message($"load {request}", stream: request % 3 == 0));
            await response.Content.CopyToAsync(Stream.Null);
            return response.StatusCode;
        }));
        var usage = await environment.WaitForUsageAsync(key.Id, 300);
        await Task.Delay(500);

        Assert.All(responses, status => Assert.Equal(HttpStatusCode.OK, status));
        Assert.Equal(usage, await environment.RecordedUsageAsync(key.Id));
        Assert.Equal((300L, 300 * AnthropicStandIn.InputTokens, 300 * AnthropicStandIn.OutputTokens, 300 * AnthropicStandIn.CostPerRequest), usage);
    }
}
