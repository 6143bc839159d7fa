using System.Net;
using DataAccess.Accounts;
using Gateway.Tests.Support;
using StackExchange.Redis;

namespace Gateway.Tests;

// When an account and a key last served a request is recorded with the request's usage, in
// the usage write's batches: one field (the legacy hashes' lastUsedAt) or the usage totals'
// last_used_at, never a rewrite of the account or key per request.
public sealed class LastUsedTests(GatewayEnvironment environment) : IClassFixture<GatewayEnvironment>, IAsyncLifetime
{
    public Task InitializeAsync() => environment.RetireAccountsAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Account_and_key_last_used_times_follow_the_requests_and_the_account_row_is_not_rewritten()
    {
        var token = $"sk-ant-oat01-{Guid.NewGuid():N}";
        var accountId = await environment.CreateAccountAsync(token);
        var key = await environment.CreateKeyAsync();
        var rowBefore = await AccountRows.TimestampsAsync(environment, accountId);
        var started = DateTimeOffset.UtcNow;
        using var client = environment.Client(key.ApiKey);

        for (var request = 0; request < 3; request++)
        {
            using var response = await client.PostAsync("/v1/messages", GatewayEnvironment.Message($"request {request}"));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        Assert.Equal(3, (await environment.WaitForUsageAsync(key.Id, 3)).Events);
        var listed = await environment.Accounts.GetAvailableAccountsAsync(new AvailableAccountQuery());
        var account = Assert.Single(listed.Data!, candidate => candidate.Id == accountId);
        Assert.InRange(account.LastUsedAt!.Value, started.AddSeconds(-1), DateTimeOffset.UtcNow);
        var stored = await environment.Keys.GetApiKeyAsync(key.Id);
        Assert.InRange(stored.Data!.LastUsedAt!.Value, started.AddSeconds(-1), DateTimeOffset.UtcNow);
        Assert.Equal(rowBefore, await AccountRows.TimestampsAsync(environment, accountId));
    }
}

// The same against the legacy claude-relay-service layout (DataService on DATABASE_TYPE=dual):
// after requests, lastUsedAt of claude:account:{id} and apikey:{id} is the only field that
// changed.
public sealed class LegacyLastUsedTests(LegacyLayoutEnvironment environment) : IClassFixture<LegacyLayoutEnvironment>
{
    [Fact]
    public async Task Only_lastUsedAt_changes_in_the_account_and_key_hashes()
    {
        var token = $"sk-ant-oat01-{Guid.NewGuid():N}";
        var accountId = await environment.CreateAccountAsync(token, accountType: "dedicated");
        var key = await environment.CreateKeyAsync(boundAccount: accountId.ToString());
        RedisKey accountHash = $"claude:account:{accountId}";
        RedisKey keyHash = $"apikey:{key.Id}";
        var accountBefore = await FieldsAsync(accountHash);
        var keyBefore = await FieldsAsync(keyHash);
        var started = DateTimeOffset.UtcNow;
        using var client = environment.Client(key.ApiKey);

        for (var request = 0; request < 3; request++)
        {
            using var response = await client.PostAsync("/v1/messages", GatewayEnvironment.Message($"request {request}"));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        var accountAfter = await WaitForLastUsedAsync(accountHash);
        var keyAfter = await WaitForLastUsedAsync(keyHash);
        Assert.Equal(3, environment.Upstream.Requests.Count(seen => seen.AccessToken == token));
        foreach (var (before, after) in new[] { (accountBefore, accountAfter), (keyBefore, keyAfter) })
        {
            Assert.InRange(DateTimeOffset.Parse(after["lastUsedAt"], System.Globalization.CultureInfo.InvariantCulture), started.AddSeconds(-1), DateTimeOffset.UtcNow);
            Assert.Equal(Without(before, "lastUsedAt"), Without(after, "lastUsedAt"));
        }
    }

    private async Task<Dictionary<string, string>> FieldsAsync(RedisKey key) =>
        (await environment.Redis.HashGetAllAsync(key)).ToDictionary(entry => (string)entry.Name!, entry => (string)entry.Value!);

    private async Task<Dictionary<string, string>> WaitForLastUsedAsync(RedisKey key)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            var fields = await FieldsAsync(key);
            if (fields.GetValueOrDefault("lastUsedAt") is { Length: > 0 } || DateTime.UtcNow > deadline)
            {
                return fields;
            }

            await Task.Delay(50);
        }
    }

    private static SortedDictionary<string, string> Without(Dictionary<string, string> fields, string field) =>
        new(fields.Where(pair => pair.Key != field).ToDictionary(), StringComparer.Ordinal);
}
