using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Gateway.Forwarding;
using Gateway.Tests.Support;
using TestSupport;

namespace Gateway.Tests;

public sealed class RoutingTests(GatewayEnvironment environment) : IClassFixture<GatewayEnvironment>, IAsyncLifetime
{
    private const string AccessToken = "sk-ant-oat01-routing";

    public async Task InitializeAsync()
    {
        await environment.RetireAccountsAsync();
        await environment.CreateAccountAsync(AccessToken);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Theory]
    [InlineData("/api/v1/messages")]
    [InlineData("/claude/v1/messages")]
    [InlineData("/v1/messages")]
    public async Task Messages_are_relayed_under_every_prefix(string path)
    {
        var key = await environment.CreateKeyAsync();
        using var client = environment.Client(key.ApiKey);

        using var response = await client.PostAsync(path, GatewayEnvironment.Message($"prefix {path}"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var answer = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(AnthropicStandIn.Model, answer.RootElement.GetProperty("model").GetString());
        Assert.Contains(environment.Upstream.Requests, seen => seen.Path == "/v1/messages" && seen.Body.Contains($"prefix {path}", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("/api/v1/messages/count_tokens")]
    [InlineData("/v1/messages/count_tokens")]
    public async Task Token_counts_are_relayed(string path)
    {
        var key = await environment.CreateKeyAsync();
        using var client = environment.Client(key.ApiKey);

        using var response = await client.PostAsync(path, GatewayEnvironment.Message());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("""{"input_tokens":42}""", await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("/claude/v1/models")]
    [InlineData("/v1/models")]
    public async Task Models_are_relayed(string path)
    {
        var key = await environment.CreateKeyAsync();
        using var client = environment.Client(key.ApiKey);

        using var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(AnthropicStandIn.Model, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("GET", "/")]
    [InlineData("POST", "/v1/complete")]
    [InlineData("GET", "/api/v1/messages")]
    [InlineData("POST", "/openai/v1/chat/completions")]
    [InlineData("GET", "/favicon.ico")]
    public async Task Other_paths_answer_404_in_the_anthropic_error_format(string method, string path)
    {
        using var client = environment.Client(null);

        using var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        await AssertError.IsAsync(response, "not_found_error", $"{method} {path} is not a route of this gateway");
    }

    [Fact]
    public async Task The_client_key_never_reaches_the_upstream_and_the_account_token_does()
    {
        var key = await environment.CreateKeyAsync();
        using var client = environment.Gateway.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/messages?beta=true&key=" + key.ApiKey) { Content = GatewayEnvironment.Message("credential swap") };
        request.Headers.Add("x-api-key", key.ApiKey);
        request.Headers.Add("api-key", key.ApiKey);
        request.Headers.Add("anthropic-version", "2023-06-01");
        request.Headers.Add("anthropic-beta", "claude-code-20250219,interleaved-thinking-2025-05-14");
        request.Headers.Add("anthropic-dangerous-direct-browser-access", "true");

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var seen = Assert.Single(environment.Upstream.Requests, seen => seen.Body.Contains("credential swap", StringComparison.Ordinal));
        Assert.Equal(AccessToken, seen.AccessToken);
        Assert.Equal($"Bearer {AccessToken}", seen.Headers["authorization"]);
        Assert.False(seen.Headers.ContainsKey("x-api-key"));
        Assert.False(seen.Headers.ContainsKey("api-key"));
        Assert.DoesNotContain(key.ApiKey, string.Join('\n', seen.Headers.Values), StringComparison.Ordinal);
        Assert.Equal("?beta=true", seen.Query);
        Assert.Equal("2023-06-01", seen.Headers["anthropic-version"]);
        Assert.Equal($"claude-code-20250219,interleaved-thinking-2025-05-14,{ClaudeTransformer.OAuthBeta}", seen.Headers["anthropic-beta"]);
        Assert.Equal("true", seen.Headers["anthropic-dangerous-direct-browser-access"]);
    }

    [Fact]
    public async Task A_bearer_key_is_accepted_and_the_oauth_beta_is_added_when_the_client_sent_none()
    {
        var key = await environment.CreateKeyAsync();
        using var client = environment.Gateway.CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", key.ApiKey);

        using var response = await client.PostAsync("/v1/messages", GatewayEnvironment.Message("bearer key"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var seen = Assert.Single(environment.Upstream.Requests, seen => seen.Body.Contains("bearer key", StringComparison.Ordinal));
        Assert.Equal($"Bearer {AccessToken}", seen.Headers["authorization"]);
        Assert.Equal(ClaudeTransformer.OAuthBeta, seen.Headers["anthropic-beta"]);
    }

    [Fact]
    public async Task A_body_sent_in_chunks_goes_upstream_whole_with_its_length_and_type_and_without_expect()
    {
        var key = await environment.CreateKeyAsync();
        using var client = environment.Client(key.ApiKey);
        var json = await GatewayEnvironment.Message("chunked body").ReadAsByteArrayAsync();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/messages") { Content = new StreamContent(new UnknownLengthStream(json)) };
        request.Content.Headers.ContentType = new("application/json") { CharSet = "utf-8" };
        request.Headers.ExpectContinue = true;

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var seen = Assert.Single(environment.Upstream.Requests, seen => seen.Body.Contains("chunked body", StringComparison.Ordinal));
        Assert.Equal(Encoding.UTF8.GetString(json), seen.Body);
        Assert.Equal(json.Length.ToString(CultureInfo.InvariantCulture), seen.Headers["content-length"]);
        Assert.Equal("application/json; charset=utf-8", seen.Headers["content-type"]);
        Assert.False(seen.Headers.ContainsKey("transfer-encoding"));
        Assert.False(seen.Headers.ContainsKey("expect"));
    }

    [Fact]
    public async Task A_body_over_the_limit_is_refused_with_413()
    {
        var key = await environment.CreateKeyAsync();
        using var client = environment.Client(key.ApiKey);
        var tooLarge = new string('x', 33 * 1024 * 1024);

        using var response = await client.PostAsync("/v1/messages", GatewayEnvironment.Message(tooLarge));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        await AssertError.IsAsync(response, "request_too_large", "The request body exceeds the gateway's limit of 33554432 bytes");
    }

    [Fact]
    public async Task A_body_that_is_not_json_is_refused_with_400()
    {
        var key = await environment.CreateKeyAsync();
        using var client = environment.Client(key.ApiKey);

        using var response = await client.PostAsync("/v1/messages", new StringContent("{not json", System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        await AssertError.IsAsync(response, "invalid_request_error", "The request body is not valid JSON");
    }

    // A body whose length HttpClient cannot know, so that it is sent chunked.
    private sealed class UnknownLengthStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }
}
