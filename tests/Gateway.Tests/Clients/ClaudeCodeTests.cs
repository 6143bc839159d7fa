using System.Text.Json;
using DataAccess.ApiKeys;
using TestSupport;

namespace Gateway.Tests.Clients;

// Claude Code (npm `@anthropic-ai/claude-code`) in print mode with ANTHROPIC_BASE_URL at the
// gateway and a key we issued, as ANTHROPIC_API_KEY (sent as x-api-key) or as
// ANTHROPIC_AUTH_TOKEN (sent as a bearer token), restricted to the claude_code client: its
// real User-Agent passes the restriction, it streams the stand-in's answer through the
// gateway, and the request's usage is recorded once. With nonessential traffic off it makes
// exactly one request (no telemetry, no connectivity probe), so it runs offline.
public sealed class ClaudeCodeTests(ClientEnvironment environment) : IClassFixture<ClientEnvironment>
{
    [Theory]
    [InlineData("ANTHROPIC_API_KEY")]
    [InlineData("ANTHROPIC_AUTH_TOKEN")]
    public async Task Claude_Code_answers_a_prompt_through_the_gateway(string keyVariable)
    {
        var installed = await NodeClients.InstalledAsync();
        var key = await environment.CreateKeyAsync(restrictions: new ApiKeyRestrictions { EnableClientRestriction = true, AllowedClients = ["claude_code"] });
        var home = Directory.CreateTempSubdirectory("claude-code-home-");
        var before = environment.Upstream.Requests.Count;
        try
        {
            var run = await NodeClients.RunAsync(
                Path.Combine(installed, "node_modules", ".bin", "claude"),
                ["-p", "--model", AnthropicStandIn.Model, "--output-format", "json", "Say hello."],
                new Dictionary<string, string>
                {
                    ["ANTHROPIC_BASE_URL"] = environment.Address.ToString(),
                    [keyVariable] = key.ApiKey,
                    ["CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC"] = "1",
                    // Its settings, sessions and caches go to a fresh home, not the user's.
                    ["HOME"] = home.FullName,
                },
                home.FullName);

            Assert.True(run.ExitCode == 0, run.Describe());
            using var result = JsonDocument.Parse(run.Output);
            var root = result.RootElement;
            Assert.False(root.GetProperty("is_error").GetBoolean(), run.Output);
            Assert.Equal("Hello from the stand-in.", root.GetProperty("result").GetString());
            var usage = root.GetProperty("usage");
            Assert.Equal(
                (AnthropicStandIn.InputTokens, AnthropicStandIn.OutputTokens),
                (usage.GetProperty("input_tokens").GetInt64(), usage.GetProperty("output_tokens").GetInt64()));
            var seen = environment.SingleUpstreamRequest(before, key.ApiKey);
            Assert.StartsWith("claude-cli/", seen.Headers["user-agent"], StringComparison.Ordinal);
            Assert.Contains("claude-code-20250219", seen.Headers["anthropic-beta"], StringComparison.Ordinal);
            Assert.Contains("\"stream\":true", seen.Body, StringComparison.Ordinal);
            await environment.AssertRecordedOnceAsync(key.Id);
        }
        finally
        {
            home.Delete(recursive: true);
        }
    }
}
