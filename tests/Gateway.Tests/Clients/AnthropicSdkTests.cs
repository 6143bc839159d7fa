using System.Text.Json;
using Anthropic;
using Anthropic.Models.Messages;
using Anthropic.Models.Models;
using TestSupport;

namespace Gateway.Tests.Clients;

// The official Anthropic SDKs, .NET (NuGet `Anthropic`) and TypeScript (npm
// `@anthropic-ai/sdk`, run by node), pointed at the gateway with a key we issued: each reads
// the stand-in's answer through the gateway, JSON and streamed, and the request's usage is
// recorded once; token counts and the model list pass too, and record nothing.
public sealed class AnthropicSdkTests(ClientEnvironment environment) : IClassFixture<ClientEnvironment>
{
    [Fact]
    public async Task The_dotnet_SDK_reads_a_message_through_the_gateway()
    {
        var key = await environment.CreateKeyAsync();
        var before = environment.Upstream.Requests.Count;
        var client = new AnthropicClient { BaseUrl = environment.Address.ToString(), ApiKey = key.ApiKey, MaxRetries = 0 };

        var message = await client.Messages.Create(Parameters());

        Assert.Equal("Hello from the stand-in.", string.Concat(message.Content.Select(block => block.TryPickText(out var text) ? text.Text : "")));
        Assert.Equal((AnthropicStandIn.InputTokens, AnthropicStandIn.OutputTokens, AnthropicStandIn.CacheRead), (message.Usage.InputTokens, message.Usage.OutputTokens, message.Usage.CacheReadInputTokens));
        environment.SingleUpstreamRequest(before, key.ApiKey);
        await environment.AssertRecordedOnceAsync(key.Id);
    }

    [Fact]
    public async Task The_dotnet_SDK_reads_a_stream_through_the_gateway()
    {
        var key = await environment.CreateKeyAsync();
        var before = environment.Upstream.Requests.Count;
        var client = new AnthropicClient { BaseUrl = environment.Address.ToString(), ApiKey = key.ApiKey, MaxRetries = 0 };
        var text = "";
        long? inputTokens = null;
        long? outputTokens = null;

        await foreach (var streamEvent in client.Messages.CreateStreaming(Parameters()))
        {
            if (streamEvent.TryPickStart(out var start))
            {
                inputTokens = start.Message.Usage.InputTokens;
            }
            else if (streamEvent.TryPickContentBlockDelta(out var delta) && delta.Delta.TryPickText(out var textDelta))
            {
                text += textDelta.Text;
            }
            else if (streamEvent.TryPickDelta(out var messageDelta))
            {
                outputTokens = messageDelta.Usage.OutputTokens;
            }
        }

        Assert.Equal("Hello from the stand-in.", text);
        Assert.Equal((AnthropicStandIn.InputTokens, AnthropicStandIn.OutputTokens), (inputTokens, outputTokens));
        Assert.Contains("\"stream\":true", environment.SingleUpstreamRequest(before, key.ApiKey).Body, StringComparison.Ordinal);
        await environment.AssertRecordedOnceAsync(key.Id);
    }

    [Fact]
    public async Task The_dotnet_SDK_counts_tokens_and_lists_models_through_the_gateway()
    {
        var key = await environment.CreateKeyAsync();
        var client = new AnthropicClient { BaseUrl = environment.Address.ToString(), ApiKey = key.ApiKey, MaxRetries = 0 };

        var count = await client.Messages.CountTokens(new MessageCountTokensParams { Model = AnthropicStandIn.Model, Messages = [new UserMessageParam("Hello")] });
        var models = await client.Models.List(new ModelListParams());
        await Task.Delay(500);

        Assert.Equal(42, count.InputTokens);
        Assert.Equal([AnthropicStandIn.Model], models.Items.Select(model => model.ID));
        Assert.Equal(0, (await environment.RecordedUsageAsync(key.Id)).Events);
    }

    [Fact]
    public async Task The_TypeScript_SDK_counts_tokens_and_lists_models_through_the_gateway()
    {
        var key = await environment.CreateKeyAsync();

        var run = await RunTypeScriptSdkAsync("other", key.ApiKey);
        await Task.Delay(500);

        Assert.True(run.ExitCode == 0, run.Describe());
        using var answer = JsonDocument.Parse(run.Output);
        Assert.Equal(42, answer.RootElement.GetProperty("inputTokens").GetInt32());
        Assert.Equal([AnthropicStandIn.Model], answer.RootElement.GetProperty("models").EnumerateArray().Select(model => model.GetString()));
        Assert.Equal(0, (await environment.RecordedUsageAsync(key.Id)).Events);
    }

    [Theory]
    [InlineData("json")]
    [InlineData("stream")]
    public async Task The_TypeScript_SDK_reads_an_answer_through_the_gateway(string mode)
    {
        var key = await environment.CreateKeyAsync();
        var before = environment.Upstream.Requests.Count;

        var run = await RunTypeScriptSdkAsync(mode, key.ApiKey);

        Assert.True(run.ExitCode == 0, run.Describe());
        using var answer = JsonDocument.Parse(run.Output);
        var root = answer.RootElement;
        Assert.Equal("Hello from the stand-in.", root.GetProperty("text").GetString());
        Assert.Equal("end_turn", root.GetProperty("stopReason").GetString());
        Assert.Equal(mode == "stream" ? 1 : 0, root.GetProperty("textEvents").GetInt32());
        var usage = root.GetProperty("usage");
        Assert.Equal(
            (AnthropicStandIn.InputTokens, AnthropicStandIn.OutputTokens, AnthropicStandIn.CacheRead),
            (usage.GetProperty("input_tokens").GetInt64(), usage.GetProperty("output_tokens").GetInt64(), usage.GetProperty("cache_read_input_tokens").GetInt64()));
        Assert.Equal(mode == "stream", environment.SingleUpstreamRequest(before, key.ApiKey).Body.Contains("\"stream\":true", StringComparison.Ordinal));
        await environment.AssertRecordedOnceAsync(key.Id);
    }

    // Clients/anthropic-sdk.cjs under node, configured through the SDK's environment variables.
    private async Task<ClientRun> RunTypeScriptSdkAsync(string mode, string apiKey)
    {
        var installed = await NodeClients.InstalledAsync();
        return await NodeClients.RunAsync("node", [Path.Combine(NodeClients.Scripts, "anthropic-sdk.cjs"), mode, AnthropicStandIn.Model], new Dictionary<string, string>
        {
            ["ANTHROPIC_BASE_URL"] = environment.Address.ToString(),
            ["ANTHROPIC_API_KEY"] = apiKey,
            ["NODE_PATH"] = Path.Combine(installed, "node_modules"),
        });
    }

    private static MessageCreateParams Parameters() => new()
    {
        Model = AnthropicStandIn.Model,
        MaxTokens = 100,
        Messages = [new UserMessageParam("Hello")],
    };
}
