using System.Net;
using DataAccess.ApiKeys;
using Gateway.Authentication;
using Gateway.Limits;
using Gateway.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using TestSupport;

namespace Gateway.Tests;

// Two rules of the legacy relay about a key beyond its own fields: the web user who owns it
// must be active (401 "User account is disabled", told apart from a disabled key), and a
// tokenLimit without a rate-limit window caps the key's lifetime tokens (429).
// Gateways with the lifetime token cap turned on (it is off by default).
public sealed class TotalTokenLimitEnvironment : GatewayEnvironment
{
    protected override IReadOnlyDictionary<string, string?> ExtraGatewaySettings => new Dictionary<string, string?>
    {
        ["Gateway:Limits:TotalTokenLimit"] = "true",
    };
}

public sealed class KeyOwnerAndTotalTokenTests(TotalTokenLimitEnvironment environment) : IClassFixture<TotalTokenLimitEnvironment>, IAsyncLifetime
{
    private const string TotalRefusal = "Token limit exceeded: the key's limit of 300 tokens in total is reached";

    public Task InitializeAsync() => environment.UseOnlyNewAccountAsync("owner");

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_key_whose_owner_is_disabled_or_gone_is_refused_as_such()
    {
        var active = $"{Guid.NewGuid():N}";
        var disabled = $"{Guid.NewGuid():N}";
        await environment.AddWebUserAsync(active, isActive: true);
        await environment.AddWebUserAsync(disabled, isActive: false);

        using var ofActive = await SendAsync(await CreateOwnedKeyAsync(active));
        using var ofDisabled = await SendAsync(await CreateOwnedKeyAsync(disabled));
        using var ofMissing = await SendAsync(await CreateOwnedKeyAsync($"{Guid.NewGuid():N}"));

        Assert.Equal(HttpStatusCode.OK, ofActive.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, ofDisabled.StatusCode);
        await AssertError.IsAsync(ofDisabled, "authentication_error", "User account is disabled");
        Assert.Equal(HttpStatusCode.Unauthorized, ofMissing.StatusCode);
        await AssertError.IsAsync(ofMissing, "authentication_error", "User account is disabled");
    }

    [Fact]
    public async Task A_disabled_key_of_an_active_owner_is_refused_as_a_disabled_key()
    {
        var owner = $"{Guid.NewGuid():N}";
        await environment.AddWebUserAsync(owner, isActive: true);
        var created = await environment.Keys.CreateApiKeyAsync(new CreateApiKeyRequest { Name = "owned, off", CreatedBy = "user", UserId = owner, IsActive = false });

        using var response = await SendAsync(created.Data!);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        await AssertError.IsAsync(response, "authentication_error", "API key is disabled");
    }

    // Each answer of the stand-in counts 210 tokens (input, output, cache writes and reads).
    [Fact]
    public async Task Requests_after_the_total_token_limit_is_reached_are_refused()
    {
        var key = await environment.CreateKeyAsync(new ApiKeyLimits { TokenLimit = 300 });
        using var client = environment.Client(key.ApiKey);

        using var first = await client.PostAsync("/v1/messages", GatewayEnvironment.Message());
        await environment.WaitForCounterAsync(LimitKeys.TotalTokens(key.Id), 210);
        using var second = await client.PostAsync("/v1/messages", GatewayEnvironment.Message());
        await environment.WaitForCounterAsync(LimitKeys.TotalTokens(key.Id), 420);
        using var third = await client.PostAsync("/v1/messages", GatewayEnvironment.Message());

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, third.StatusCode);
        await AssertError.IsAsync(third, "rate_limit_error", TotalRefusal);
        Assert.Null(third.Headers.RetryAfter);
    }

    // The count starts from the key's recorded lifetime tokens: usage recorded before the
    // gateway kept a count (here: its count expired) still counts.
    [Fact]
    public async Task The_total_starts_from_the_usage_the_data_layer_recorded()
    {
        var key = await environment.CreateKeyAsync(new ApiKeyLimits { TokenLimit = 300 });
        using var client = environment.Client(key.ApiKey);
        using var first = await client.PostAsync("/v1/messages", GatewayEnvironment.Message());
        await environment.WaitForUsageAsync(key.Id, 1);
        await environment.Redis.KeyDeleteAsync(LimitKeys.TotalTokens(key.Id));
        var renamed = await environment.Keys.UpdateApiKeyAsync(key.Id, new ApiKeyUpdate { Name = "renamed, validated again" });
        Assert.True(renamed.Success, renamed.Error);
        foreach (var gateway in environment.Gateways)
        {
            gateway.Services.GetRequiredService<ApiKeyCache>().Clear();
        }

        using var second = await client.PostAsync("/v1/messages", GatewayEnvironment.Message());
        await environment.WaitForCounterAsync(LimitKeys.TotalTokens(key.Id), 420);
        using var third = await client.PostAsync("/v1/messages", GatewayEnvironment.Message());

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, third.StatusCode);
        await AssertError.IsAsync(third, "rate_limit_error", TotalRefusal);
    }

    private async Task<CreatedApiKey> CreateOwnedKeyAsync(string owner)
    {
        var created = await environment.Keys.CreateApiKeyAsync(new CreateApiKeyRequest { Name = $"owned by {owner}", CreatedBy = "user", UserId = owner });
        Assert.True(created.Success, created.Error);
        return created.Data!;
    }

    private async Task<HttpResponseMessage> SendAsync(CreatedApiKey key)
    {
        using var client = environment.Client(key.ApiKey);
        return await client.PostAsync("/v1/messages", GatewayEnvironment.Message());
    }
}

// By default a tokenLimit without a window is no lifetime cap, as in the reference relay, so
// keys it made with its default limit keep working after a migration.
public sealed class TotalTokenLimitOffTests(GatewayEnvironment environment) : IClassFixture<GatewayEnvironment>, IAsyncLifetime
{
    public Task InitializeAsync() => environment.UseOnlyNewAccountAsync("total-off");

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_token_limit_without_a_window_does_not_cap_lifetime_tokens_by_default()
    {
        var key = await environment.CreateKeyAsync(new ApiKeyLimits { TokenLimit = 300 });
        using var client = environment.Client(key.ApiKey);

        var statuses = new List<HttpStatusCode>();
        for (var request = 1; request <= 3; request++)
        {
            using var response = await client.PostAsync("/v1/messages", GatewayEnvironment.Message());
            statuses.Add(response.StatusCode);
            await environment.WaitForUsageAsync(key.Id, request);
        }

        Assert.All(statuses, status => Assert.Equal(HttpStatusCode.OK, status));
    }
}
