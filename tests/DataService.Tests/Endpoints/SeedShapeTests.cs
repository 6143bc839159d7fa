using System.Net;
using DataService.Tests.Support;

namespace DataService.Tests.Endpoints;

// Requests and answers in the shapes seed 003 writes them, over HTTP.
public sealed class SeedShapeTests(DataServiceFactory factory) : IClassFixture<DataServiceFactory>
{
    private readonly HttpClient _admin = factory.Admin();

    [Fact]
    public async Task CreateApiKey_takes_the_limits_beside_the_other_fields()
    {
        var created = await _admin.PostApiAsync("/api/v1/apikeys", new { name = "seed", permissions = "all", tokenLimit = 5000, concurrencyLimit = 3, dailyCostLimit = 7.5, tags = new[] { "seed" } });
        Assert.Equal(HttpStatusCode.Created, created.Status);

        var limits = (await _admin.GetApiAsync($"/api/v1/apikeys/{created.Data.GetProperty("id").GetString()}")).Data.GetProperty("limits");

        Assert.Equal((5000L, 3, 7.5m), (limits.GetProperty("tokenLimit").GetInt64(), limits.GetProperty("concurrencyLimit").GetInt32(), limits.GetProperty("dailyCostLimit").GetDecimal()));
    }

    [Fact]
    public async Task UpdateSession_takes_extendTTL()
    {
        var session = await _admin.PostApiAsync("/api/v1/sessions", new { userId = "seed", userType = "user", sessionData = new { }, ttlSeconds = 600 });
        var token = session.Data.GetProperty("sessionToken").GetString()!;
        var before = session.Data.GetProperty("expiresAt").GetDateTimeOffset();
        var sent = DateTimeOffset.UtcNow;
        using var request = new HttpRequestMessage(HttpMethod.Patch, "/api/v1/sessions/current") { Content = System.Net.Http.Json.JsonContent.Create(new { extendTTL = 3600 }) };
        request.Headers.Add("X-Session-Token", token);

        var updated = await ApiResponse.ReadAsync(await _admin.SendAsync(request));

        Assert.True(updated.Success, updated.Error);
        var extended = updated.Data.GetProperty("expiresAt").GetDateTimeOffset();
        Assert.True(extended > before && extended >= sent.AddSeconds(3600), $"{before:O} extended to {extended:O}");
    }

    [Fact]
    public async Task RecordUsage_takes_a_matching_totalTokens_and_refuses_a_contradicting_one()
    {
        var key = (await _admin.PostApiAsync("/api/v1/apikeys", new { name = "totals" })).Data.GetProperty("id").GetString();
        var gateway = factory.Gateway();

        var matching = await gateway.PostApiAsync("/api/v1/usage", new { apiKeyId = key, accountType = "claude", model = "m", inputTokens = 10, outputTokens = 5, totalTokens = 15, cost = 0.1, requestCount = 1 });
        var contradicting = await gateway.PostApiAsync("/api/v1/usage", new { apiKeyId = key, accountType = "claude", model = "m", inputTokens = 10, outputTokens = 5, totalTokens = 99, cost = 0.1, requestCount = 1 });

        Assert.True(matching.Success, matching.Error);
        Assert.Equal((HttpStatusCode.BadRequest, "totalTokens"), (contradicting.Status, contradicting.Field));
    }

    [Fact]
    public async Task UsageStats_grouped_by_model_carry_the_models_map()
    {
        var key = (await _admin.PostApiAsync("/api/v1/apikeys", new { name = "models" })).Data.GetProperty("id").GetString();
        var at = new DateTimeOffset(2026, 3, 10, 2, 30, 0, TimeSpan.Zero);
        Assert.True((await factory.Gateway().PostApiAsync("/api/v1/usage", new { apiKeyId = key, model = "model-a", inputTokens = 10, timestamp = at })).Success);

        var stats = await ApiKeyEndpointTests.PollAsync(
            () => _admin.GetApiAsync($"/api/v1/usage/stats?apiKeyId={key}&startDate=2026-03-09T00:00:00Z&endDate=2026-03-12T00:00:00Z&granularity=day&groupBy=model"),
            response => response.Success && response.Data.GetProperty("summary").GetProperty("totalRequests").GetInt64() == 1);

        Assert.Equal(10, stats.Data.GetProperty("stats")[0].GetProperty("models").GetProperty("model-a").GetProperty("inputTokens").GetInt64());
    }

    [Fact]
    public async Task SwitchStorageStrategy_and_batchOperation_answer_beside_success()
    {
        var switched = await _admin.PutApiAsync("/api/v1/storage/strategies/apikey", new
        {
            primaryStorage = "postgres",
            enableCache = true,
            cacheTTL = 300,
            readStrategy = "cache_first",
            writeStrategy = "write_through",
        });
        Assert.True(switched.Success, switched.Body.GetRawText());
        Assert.True(switched.Body.GetProperty("previousStrategy").TryGetProperty("readStrategy", out _), switched.Body.GetRawText());

        var key = (await _admin.PostApiAsync("/api/v1/apikeys", new { name = "batch" })).Data.GetProperty("id").GetString();
        var batch = await _admin.PostApiAsync("/api/v1/transactions/batch", new
        {
            operations = new[] { new { type = "update", table = "api_keys", data = new { description = "seed" }, where = new { id = key } } },
        });
        Assert.Equal(1, batch.Body.GetProperty("results")[0].GetProperty("affectedRows").GetInt32());
    }
}
