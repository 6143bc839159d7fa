using System.Text.Json;
using Anthropic;
using Anthropic.Models.Messages;
using TestSupport;

namespace Gateway.Tests.Clients;

// The official Anthropic SDKs, .NET (NuGet `Anthropic`) and TypeScript (npm
// `@anthropic-ai/sdk`, run by node), pointed at the gateway with a key we issued: each reads
// the stand-in's answer through the gateway, JSON and streamed, and the request's usage is
// recorded once.
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

    [Theory]
    [InlineData("json")]
    [InlineData("stream")]
    public async Task The_TypeScript_SDK_reads_an_answer_through_the_gateway(string mode)
    {
        var installed = await NodeClients.InstalledAsync();
        var key = await environment.CreateKeyAsync();
        var before = environment.Upstream.Requests.Count;

        var run = await NodeClients.RunAsync("node", [Path.Combine(NodeClients.Scripts, "anthropic-sdk.cjs"), mode, AnthropicStandIn.Model], new Dictionary<string, string>
        {
            ["ANTHROPIC_BASE_URL"] = environment.Address.ToString(),
            ["ANTHROPIC_API_KEY"] = key.ApiKey,
            ["NODE_PATH"] = Path.Combine(installed, "node_modules"),
        });

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

    private static MessageCreateParams Parameters() => new()
    {
        Model = AnthropicStandIn.Model,
        MaxTokens = 100,
        Messages = [new UserMessageParam("Hello")],
    };
}
