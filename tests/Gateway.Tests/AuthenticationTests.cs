using System.Net;
using DataAccess.ApiKeys;
using Gateway.Tests.Support;
using TestSupport;

namespace Gateway.Tests;

// Steps 1 to 3 of the legacy order, each failure with its status and Anthropic-style body.
public sealed class AuthenticationTests(GatewayEnvironment environment) : IClassFixture<GatewayEnvironment>, IAsyncLifetime
{
    public async Task InitializeAsync()
    {
        await environment.RetireAccountsAsync();
        await environment.CreateAccountAsync("sk-ant-oat01-authentication");
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_request_without_a_key_is_refused()
    {
        using var client = environment.Client(null);

        using var response = await client.PostAsync("/v1/messages", GatewayEnvironment.Message());

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        await AssertError.IsAsync(response, "authentication_error", "Missing API key");
    }

    [Theory]
    [InlineData("cr_short")]
    [InlineData("sk-ant-api03-0123456789abcdef0123456789abcdef")]
    public async Task A_key_of_the_wrong_shape_is_refused(string key)
    {
        using var client = environment.Client(key);

        using var response = await client.PostAsync("/v1/messages", GatewayEnvironment.Message());

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        await AssertError.IsAsync(response, "authentication_error", "Invalid API key format");
    }

    [Fact]
    public async Task A_key_longer_than_512_characters_is_refused()
    {
        using var client = environment.Client("cr_" + new string('a', 510));

        using var response = await client.PostAsync("/v1/messages", GatewayEnvironment.Message());

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        await AssertError.IsAsync(response, "authentication_error", "Invalid API key format");
    }

    [Fact]
    public async Task An_unknown_key_is_refused()
    {
        using var client = environment.Client("cr_" + new string('a', 64));

        using var response = await client.PostAsync("/v1/messages", GatewayEnvironment.Message());

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        await AssertError.IsAsync(response, "authentication_error", "API key not found");
    }

    [Fact]
    public async Task A_key_in_the_query_or_the_api_key_header_is_accepted()
    {
        var key = await environment.CreateKeyAsync();
        using var client = environment.Gateway.CreateClient();
        using var withHeader = new HttpRequestMessage(HttpMethod.Post, "/v1/messages") { Content = GatewayEnvironment.Message() };
        withHeader.Headers.Add("api-key", key.ApiKey);

        using var byHeader = await client.SendAsync(withHeader);
        using var byQuery = await client.PostAsync($"/v1/messages?key={key.ApiKey}", GatewayEnvironment.Message());

        Assert.Equal(HttpStatusCode.OK, byHeader.StatusCode);
        Assert.Equal(HttpStatusCode.OK, byQuery.StatusCode);
    }

    [Fact]
    public async Task A_disabled_key_is_refused()
    {
        var key = await environment.CreateKeyAsync();
        await environment.Keys.UpdateApiKeyAsync(key.Id, new ApiKeyUpdate { IsActive = false });
        using var client = environment.Client(key.ApiKey);

        using var response = await client.PostAsync("/v1/messages", GatewayEnvironment.Message());

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        await AssertError.IsAsync(response, "authentication_error", "API key is disabled");
    }

    [Fact]
    public async Task A_deleted_key_is_refused()
    {
        var key = await environment.CreateKeyAsync();
        await environment.Keys.DeleteApiKeyAsync(key.Id);
        using var client = environment.Client(key.ApiKey);

        using var response = await client.PostAsync("/v1/messages", GatewayEnvironment.Message());

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        await AssertError.IsAsync(response, "authentication_error", "API key is disabled");
    }

    [Fact]
    public async Task A_cached_key_is_refused_once_it_expires()
    {
        var key = await environment.CreateKeyAsync();
        await environment.Keys.UpdateApiKeyAsync(key.Id, new ApiKeyUpdate { ExpiresAt = DateTimeOffset.UtcNow.AddSeconds(2) });
        using var client = environment.Client(key.ApiKey);
        using var before = await client.PostAsync("/v1/messages", GatewayEnvironment.Message());
        await Task.Delay(TimeSpan.FromSeconds(2.5));

        using var after = await client.PostAsync("/v1/messages", GatewayEnvironment.Message());

        Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
        await AssertError.IsAsync(after, "authentication_error", "API key has expired");
    }

    // The key cache keeps keys for 30 seconds; the invalidation channel empties it at once.
    [Fact]
    public async Task A_key_disabled_elsewhere_is_refused_by_every_gateway_within_a_second()
    {
        var key = await environment.CreateKeyAsync();
        var second = environment.Gateways.Count > 1 ? environment.Gateways[1] : environment.StartGateway();
        using var first = environment.Client(key.ApiKey);
        using var other = environment.Client(key.ApiKey, second);
        Assert.Equal(HttpStatusCode.OK, (await first.PostAsync("/v1/messages", GatewayEnvironment.Message())).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await other.PostAsync("/v1/messages", GatewayEnvironment.Message())).StatusCode);

        await environment.Keys.UpdateApiKeyAsync(key.Id, new ApiKeyUpdate { IsActive = false });
        await Task.Delay(TimeSpan.FromSeconds(1));

        using var afterFirst = await first.PostAsync("/v1/messages", GatewayEnvironment.Message());
        using var afterOther = await other.PostAsync("/v1/messages", GatewayEnvironment.Message());
        Assert.Equal(HttpStatusCode.Unauthorized, afterFirst.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, afterOther.StatusCode);
        await AssertError.IsAsync(afterOther, "authentication_error", "API key is disabled");
    }

    [Fact]
    public async Task A_key_restricted_to_claude_code_refuses_other_clients()
    {
        var key = await environment.CreateKeyAsync(restrictions: new ApiKeyRestrictions { EnableClientRestriction = true, AllowedClients = ["claude_code"] });
        using var client = environment.Client(key.ApiKey);
        using var claudeCode = environment.Client(key.ApiKey);
        claudeCode.DefaultRequestHeaders.UserAgent.ParseAdd("claude-cli/1.0.83 (external, cli)");

        using var refused = await client.PostAsync("/v1/messages", GatewayEnvironment.Message());
        using var admitted = await claudeCode.PostAsync("/v1/messages", GatewayEnvironment.Message());

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        await AssertError.IsAsync(refused, "permission_error", "Client not allowed");
        Assert.Equal(HttpStatusCode.OK, admitted.StatusCode);
    }

    [Fact]
    public async Task A_restricted_model_is_refused_and_others_are_not()
    {
        var key = await environment.CreateKeyAsync(restrictions: new ApiKeyRestrictions { EnableModelRestriction = true, RestrictedModels = ["claude-opus-4-1-20250805"] });
        using var client = environment.Client(key.ApiKey);

        using var refused = await client.PostAsync("/v1/messages", GatewayEnvironment.Message(model: "claude-opus-4-1-20250805"));
        using var admitted = await client.PostAsync("/v1/messages", GatewayEnvironment.Message(model: AnthropicStandIn.Model));

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        await AssertError.IsAsync(refused, "permission_error", "Model claude-opus-4-1-20250805 is not allowed for this API key");
        Assert.Equal(HttpStatusCode.OK, admitted.StatusCode);
    }

    [Fact]
    public async Task A_key_for_another_platform_is_refused_on_the_claude_routes()
    {
        var key = await environment.CreateKeyAsync(permissions: ApiKeyPermissions.Gemini);
        using var client = environment.Client(key.ApiKey);

        using var response = await client.PostAsync("/v1/messages", GatewayEnvironment.Message());

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        await AssertError.IsAsync(response, "permission_error", "This API key does not have permission to access Claude");
    }
}
