using System.Net;
using System.Text.Json;
using DataService.Tests.Support;

namespace DataService.Tests.Contract;

// Seed 003's seven interfaces, operation by operation, written from the seed's text: each
// request in the seed's shape, each answer read under the seed's names, every call checked
// against the service's OpenAPI document (SeedClient). Runs on every DATABASE_TYPE; where the
// legacy Redis layout cannot express an operation, the test asserts the clear refusal.
public abstract class SeedContract<TBackend>(TBackend backend) : IClassFixture<TBackend>
    where TBackend : ContractBackend
{
    private static readonly DateTimeOffset Day = new(2026, 3, 10, 4, 0, 0, TimeSpan.Zero);

    protected TBackend Backend { get; } = backend;

    private SeedClient Api => Backend.Client;

    [Fact]
    public async Task ApiKeyInterface()
    {
        var expiresAt = DateTimeOffset.UtcNow.AddDays(30);

        // createApiKey(keyData) -> { success, data: { id, apiKey, hashedKey, createdAt } }
        var created = await Api.PostAsync("/api/v1/apikeys", "/api/v1/apikeys", new
        {
            name = "seed-key",
            description = "written from the seed",
            permissions = "claude",
            tokenLimit = 100_000,
            concurrencyLimit = 2,
            dailyCostLimit = 5.5,
            expiresAt,
            tags = new[] { "seed", "contract" },
        });
        Assert.Equal(HttpStatusCode.Created, created.Status);
        var id = created.Data.GetProperty("id").GetString()!;
        Assert.StartsWith("cr_", created.Data.GetProperty("apiKey").GetString());
        var hashedKey = created.Data.GetProperty("hashedKey").GetString()!;
        Assert.Matches("^[0-9a-f]{64}$", hashedKey);
        Assert.True(created.Data.GetProperty("createdAt").GetDateTimeOffset() > DateTimeOffset.UtcNow.AddMinutes(-5));

        // validateApiKey(hashedKey) -> { id, permissions, isActive, expiresAt?, rateLimits: { concurrency, daily, requests } }
        var validated = await Api.PostAsync("/api/v1/apikeys/validate", "/api/v1/apikeys/validate", new { hashedKey });
        Assert.Equal(id, validated.Data.GetProperty("id").GetString());
        Assert.Equal(("claude", true), (validated.Data.GetProperty("permissions").GetString(), validated.Data.GetProperty("isActive").GetBoolean()));
        Assert.Equal(expiresAt, validated.Data.GetProperty("expiresAt").GetDateTimeOffset(), TimeSpan.FromSeconds(1));
        var rateLimits = validated.Data.GetProperty("rateLimits");
        Assert.Equal((2, 5.5m), (rateLimits.GetProperty("concurrency").GetInt32(), rateLimits.GetProperty("daily").GetDecimal()));
        Assert.Equal(JsonValueKind.Number, rateLimits.GetProperty("requests").ValueKind);

        // getApiKey(keyId) -> ApiKeyData
        var key = (await Api.GetAsync("/api/v1/apikeys/{id}", $"/api/v1/apikeys/{id}")).Data;
        Assert.Equal(("seed-key", "written from the seed"), (key.GetProperty("name").GetString(), key.GetProperty("description").GetString()));
        Assert.Equal(["seed", "contract"], key.GetProperty("tags").EnumerateArray().Select(tag => tag.GetString()));

        // updateApiKey(keyId, Partial<ApiKeyData>) -> ApiKeyData; the seed's limit names change only that limit.
        var updated = await Api.PatchAsync("/api/v1/apikeys/{id}", $"/api/v1/apikeys/{id}", new { name = "seed-key-renamed", tokenLimit = 200_000 });
        Assert.True(updated.Success, updated.Error);
        Assert.Equal("seed-key-renamed", updated.Data.GetProperty("name").GetString());
        var limits = (await Api.GetAsync("/api/v1/apikeys/{id}", $"/api/v1/apikeys/{id}")).Data.GetProperty("limits");
        Assert.Equal((200_000L, 2, 5.5m), (limits.GetProperty("tokenLimit").GetInt64(), limits.GetProperty("concurrencyLimit").GetInt32(), limits.GetProperty("dailyCostLimit").GetDecimal()));

        // getAllApiKeys(filters) -> { keys, total, page, totalPages }
        var page = await Api.GetAsync("/api/v1/apikeys", "/api/v1/apikeys?isActive=true&permissions=claude&tags=contract&limit=10&offset=0&sortBy=name&sortOrder=ASC");
        Assert.True(page.Success, page.Error);
        Assert.Contains(id, page.Data.GetProperty("keys").EnumerateArray().Select(listed => listed.GetProperty("id").GetString()));
        Assert.Equal((1L, 1, 1), (page.Data.GetProperty("total").GetInt64(), page.Data.GetProperty("page").GetInt32(), page.Data.GetProperty("totalPages").GetInt32()));

        // recordApiKeyUsage(keyId, { model, inputTokens, outputTokens, cost, requestCount, timestamp? }) -> { success }
        var usage = await Api.PostAsync("/api/v1/apikeys/{id}/usage", $"/api/v1/apikeys/{id}/usage", new
        {
            model = "claude-sonnet-4-20250514",
            inputTokens = 100,
            outputTokens = 50,
            cost = 0.002,
            requestCount = 1,
            timestamp = DateTimeOffset.UtcNow,
        });
        Assert.True(usage.Success, usage.Error);
        var summary = await PollAsync(
            () => Api.GetAsync("/api/v1/apikeys/{id}/usage/summary", $"/api/v1/apikeys/{id}/usage/summary"),
            answer => answer.Data.GetProperty("total").GetProperty("requests").GetInt64() == 1);
        Assert.Equal(150, summary.Data.GetProperty("total").GetProperty("totalTokens").GetInt64());

        // deleteApiKey(keyId) -> { success }; the key no longer admits requests.
        var deleted = await Api.DeleteAsync("/api/v1/apikeys/{id}", $"/api/v1/apikeys/{id}");
        Assert.True(deleted.Success, deleted.Error);
        Assert.False(deleted.Body.TryGetProperty("data", out _));
        var afterDelete = await Api.PostAsync("/api/v1/apikeys/validate", "/api/v1/apikeys/validate", new { hashedKey });
        Assert.False(afterDelete.Success && afterDelete.Data.GetProperty("isActive").GetBoolean(), $"a deleted key validated as active: {afterDelete.Body}");
    }

    [Fact]
    public async Task ClaudeAccountInterface()
    {
        var tokenExpiresAt = DateTimeOffset.UtcNow.AddHours(8);

        // createClaudeAccount({ name, description?, oauthData, proxyConfig? }) -> { id, name, status, createdAt }
        var created = await Api.PostAsync("/api/v1/accounts/claude", "/api/v1/accounts/claude", new
        {
            name = "seed-account",
            description = "written from the seed",
            oauthData = new { accessToken = "sk-ant-oat01-seed", refreshToken = "sk-ant-ort01-seed", scopes = new[] { "user:inference" }, expiresAt = tokenExpiresAt },
            proxyConfig = new { type = "socks5", host = "127.0.0.1", port = 1080, username = "proxy-user", password = "proxy-secret" },
        });
        Assert.Equal(HttpStatusCode.Created, created.Status);
        var id = created.Data.GetProperty("id").GetString()!;
        Assert.Equal(("seed-account", "active"), (created.Data.GetProperty("name").GetString(), created.Data.GetProperty("status").GetString()));
        Assert.Equal(JsonValueKind.String, created.Data.GetProperty("createdAt").ValueKind);

        // getClaudeAccount(accountId) -> { id, name, description, status, tokenExpiresAt?, lastUsedAt?, rateLimitStatus, usageStats }
        var account = (await Api.GetAsync("/api/v1/accounts/claude/{id}", $"/api/v1/accounts/claude/{id}")).Data;
        Assert.Equal((id, "seed-account", "written from the seed", "active"),
            (account.GetProperty("id").GetString(), account.GetProperty("name").GetString(), account.GetProperty("description").GetString(), account.GetProperty("status").GetString()));
        Assert.Equal(tokenExpiresAt, account.GetProperty("tokenExpiresAt").GetDateTimeOffset(), TimeSpan.FromSeconds(1));
        // remaining is null until the upstream has reported a count (README, differences).
        Assert.Equal(JsonValueKind.Null, account.GetProperty("rateLimitStatus").GetProperty("remaining").ValueKind);
        var usageStats = account.GetProperty("usageStats");
        Assert.Equal((0L, 0L, 0m), (usageStats.GetProperty("totalRequests").GetInt64(), usageStats.GetProperty("totalTokens").GetInt64(), usageStats.GetProperty("totalCost").GetDecimal()));

        // refreshOAuthToken(accountId) -> { accessToken, expiresAt, refreshedAt }
        var refreshed = await Api.PostAsync("/api/v1/accounts/claude/{id}/refresh", $"/api/v1/accounts/claude/{id}/refresh");
        Assert.True(refreshed.Success, refreshed.Error);
        Assert.StartsWith("sk-ant-oat01-refreshed-", refreshed.Data.GetProperty("accessToken").GetString());
        Assert.True(refreshed.Data.GetProperty("expiresAt").GetDateTimeOffset() > refreshed.Data.GetProperty("refreshedAt").GetDateTimeOffset());

        // updateAccountStatus(accountId, status, { rateLimitResetAt?, errorMessage?, lastRequestAt? }) -> { success }
        var resetAt = DateTimeOffset.UtcNow.AddMinutes(30);
        var limited = await Api.PutAsync("/api/v1/accounts/claude/{id}/status", $"/api/v1/accounts/claude/{id}/status", new
        {
            status = "rate_limited",
            metadata = new { rateLimitResetAt = resetAt, errorMessage = "429 from upstream", lastRequestAt = DateTimeOffset.UtcNow, rateLimitRemaining = 0 },
        });
        Assert.True(limited.Success, limited.Error);
        var rateLimitStatus = (await Api.GetAsync("/api/v1/accounts/claude/{id}", $"/api/v1/accounts/claude/{id}")).Data.GetProperty("rateLimitStatus");
        Assert.Equal(resetAt, rateLimitStatus.GetProperty("resetAt").GetDateTimeOffset(), TimeSpan.FromSeconds(1));
        Assert.Equal(0, rateLimitStatus.GetProperty("remaining").GetInt64());

        // getAvailableAccounts({ status?, rateLimitAvailable?, minTokensRemaining? }) -> ClaudeAccountData[]
        Assert.Contains(id, await AvailableAsync("status=rate_limited"));
        Assert.DoesNotContain(id, await AvailableAsync("rateLimitAvailable=true"));
        Assert.True((await Api.PutAsync("/api/v1/accounts/claude/{id}/status", $"/api/v1/accounts/claude/{id}/status", new { status = "active" })).Success);
        Assert.Contains(id, await AvailableAsync("rateLimitAvailable=true&minTokensRemaining=0"));
        Assert.True((await Api.PutAsync("/api/v1/accounts/claude/{id}/status", $"/api/v1/accounts/claude/{id}/status", new { status = "inactive" })).Success);
        Assert.DoesNotContain(id, await AvailableAsync("status=active"));
    }

    [Fact]
    public async Task UsageStatsInterface()
    {
        var key = (await Api.PostAsync("/api/v1/apikeys", "/api/v1/apikeys", new { name = "seed-usage" })).Data.GetProperty("id").GetString()!;
        var account = (await Api.PostAsync("/api/v1/accounts/claude", "/api/v1/accounts/claude", new
        {
            name = "seed-usage-account",
            oauthData = new { accessToken = "sk-ant-oat01-u", refreshToken = "sk-ant-ort01-u", scopes = new[] { "user:inference" }, expiresAt = DateTimeOffset.UtcNow.AddHours(8) },
        })).Data.GetProperty("id").GetString()!;

        // recordUsage({ apiKeyId, accountId?, accountType, model, inputTokens, outputTokens, totalTokens, cost, requestCount, timestamp? })
        foreach (var (model, input, output, cost) in new[] { ("claude-sonnet-4-20250514", 1000, 500, 0.0105m), ("claude-3-5-haiku-20241022", 200, 100, 0.0006m) })
        {
            var recorded = await Api.PostAsync("/api/v1/usage", "/api/v1/usage", new
            {
                apiKeyId = key,
                accountId = account,
                accountType = "claude",
                model,
                inputTokens = input,
                outputTokens = output,
                totalTokens = input + output,
                cost,
                requestCount = 1,
                timestamp = Day,
            });
            Assert.True(recorded.Success, recorded.Error);
        }

        // getUsageStats({ apiKeyId?, accountId?, model?, startDate, endDate, granularity, groupBy? })
        //   -> { stats: [{ date, requests, inputTokens, outputTokens, totalTokens, cost, models? }], summary }
        var range = $"startDate={Uri.EscapeDataString(Day.AddDays(-1).ToString("O"))}&endDate={Uri.EscapeDataString(Day.AddDays(1).ToString("O"))}";
        var stats = await PollAsync(
            () => Api.GetAsync("/api/v1/usage/stats", $"/api/v1/usage/stats?apiKeyId={key}&{range}&granularity=day&groupBy=model"),
            answer => answer.Data.GetProperty("summary").GetProperty("totalRequests").GetInt64() == 2);
        var row = Assert.Single(stats.Data.GetProperty("stats").EnumerateArray());
        Assert.Equal(JsonValueKind.String, row.GetProperty("date").ValueKind);
        Assert.Equal((2L, 1200L, 600L, 1800L, 0.0111m),
            (row.GetProperty("requests").GetInt64(), row.GetProperty("inputTokens").GetInt64(), row.GetProperty("outputTokens").GetInt64(),
             row.GetProperty("totalTokens").GetInt64(), row.GetProperty("cost").GetDecimal()));
        var sonnet = row.GetProperty("models").GetProperty("claude-sonnet-4-20250514");
        Assert.Equal((1L, 1500L), (sonnet.GetProperty("requests").GetInt64(), sonnet.GetProperty("totalTokens").GetInt64()));
        var summary = stats.Data.GetProperty("summary");
        Assert.Equal((2L, 1800L, 0.0111m), (summary.GetProperty("totalRequests").GetInt64(), summary.GetProperty("totalTokens").GetInt64(), summary.GetProperty("totalCost").GetDecimal()));
        Assert.Equal(0.0111m / 1800, summary.GetProperty("averageCostPerToken").GetDecimal(), 12);
        var byAccount = await Api.GetAsync("/api/v1/usage/stats", $"/api/v1/usage/stats?accountId={account}&model=claude-sonnet-4-20250514&{range}&granularity=hour");
        Assert.Equal(1L, byAccount.Data.GetProperty("summary").GetProperty("totalRequests").GetInt64());

        // getCostAnalysis({ apiKeyId?, startDate, endDate, groupBy }) -> { costBreakdown, trends, topModels }
        var analysis = (await Api.GetAsync("/api/v1/usage/cost-analysis", $"/api/v1/usage/cost-analysis?apiKeyId={key}&{range}&groupBy=model")).Data;
        var breakdown = analysis.GetProperty("costBreakdown").EnumerateArray().ToDictionary(item => item.GetProperty("category").GetString()!, item => item);
        Assert.Equal(0.0105m, breakdown["claude-sonnet-4-20250514"].GetProperty("cost").GetDecimal());
        Assert.Equal(100m, breakdown.Values.Sum(item => item.GetProperty("percentage").GetDecimal()), 6);
        var trend = Assert.Single(analysis.GetProperty("trends").EnumerateArray(), point => point.GetProperty("cost").GetDecimal() != 0);
        Assert.Equal((0.0111m, JsonValueKind.String, JsonValueKind.Number), (trend.GetProperty("cost").GetDecimal(), trend.GetProperty("date").ValueKind, trend.GetProperty("change").ValueKind));
        var top = analysis.GetProperty("topModels")[0];
        Assert.Equal(("claude-sonnet-4-20250514", 0.0105m, 1L), (top.GetProperty("model").GetString(), top.GetProperty("cost").GetDecimal(), top.GetProperty("requests").GetInt64()));

        // cleanupOldStats(retentionDays = 90) -> { deletedRecords, remainingRecords }
        var cleaned = await Api.PostAsync("/api/v1/usage/cleanup", "/api/v1/usage/cleanup", new { retentionDays = 3650 });
        if (Backend.Mode == "redis")
        {
            // The legacy layout's buckets expire by their own TTLs; there are no events to delete.
            Assert.Equal((HttpStatusCode.BadRequest, "DB_INVALID_QUERY"), (cleaned.Status, cleaned.Code));
            Assert.Contains("expire by themselves", cleaned.Error, StringComparison.Ordinal);
            return;
        }

        Assert.True(cleaned.Success, cleaned.Error);
        Assert.Equal(0L, cleaned.Data.GetProperty("deletedRecords").GetInt64());
        Assert.True(cleaned.Data.GetProperty("remainingRecords").GetInt64() >= 0);
    }

    [Fact]
    public async Task SessionInterface()
    {
        // createSession({ userId, userType, sessionData, ttlSeconds?, ipAddress?, userAgent? }) -> { sessionToken, expiresAt }
        var created = await Api.PostAsync("/api/v1/sessions", "/api/v1/sessions", new
        {
            userId = "seed-admin",
            userType = "admin",
            sessionData = new { theme = "dark" },
            ttlSeconds = 600,
            ipAddress = "203.0.113.7",
            userAgent = "seed-contract",
        });
        Assert.Equal(HttpStatusCode.Created, created.Status);
        var token = created.Data.GetProperty("sessionToken").GetString()!;
        var expiresAt = created.Data.GetProperty("expiresAt").GetDateTimeOffset();
        var header = new Dictionary<string, string> { ["X-Session-Token"] = token };

        // validateSession(sessionToken) -> { userId, userType, sessionData, expiresAt, isValid }
        var valid = (await Api.GetAsync("/api/v1/sessions/current", "/api/v1/sessions/current", header)).Data;
        Assert.Equal(("seed-admin", "admin", "dark", true),
            (valid.GetProperty("userId").GetString(), valid.GetProperty("userType").GetString(), valid.GetProperty("sessionData").GetProperty("theme").GetString(), valid.GetProperty("isValid").GetBoolean()));
        Assert.Equal(expiresAt, valid.GetProperty("expiresAt").GetDateTimeOffset(), TimeSpan.FromMilliseconds(1));

        // updateSession(sessionToken, { sessionData?, extendTTL? }) -> { expiresAt }
        var updated = await Api.PatchAsync("/api/v1/sessions/current", "/api/v1/sessions/current", new { sessionData = new { theme = "light" }, extendTTL = 3600 }, header);
        Assert.True(updated.Success, updated.Error);
        Assert.Equal(expiresAt.AddSeconds(3600), updated.Data.GetProperty("expiresAt").GetDateTimeOffset(), TimeSpan.FromSeconds(1));
        Assert.Equal("light", (await Api.GetAsync("/api/v1/sessions/current", "/api/v1/sessions/current", header)).Data.GetProperty("sessionData").GetProperty("theme").GetString());

        // deleteSession(sessionToken) -> { success }
        Assert.True((await Api.DeleteAsync("/api/v1/sessions/current", "/api/v1/sessions/current", header)).Success);
        Assert.Equal(HttpStatusCode.NotFound, (await Api.GetAsync("/api/v1/sessions/current", "/api/v1/sessions/current", header)).Status);

        // An expired session: { success: true, data: { isValid: false, expiresAt } } while the store still has it.
        var ending = await Api.PostAsync("/api/v1/sessions", "/api/v1/sessions", new { userId = "seed-user", userType = "user", sessionData = new { }, ttlSeconds = 1 });
        var endingHeader = new Dictionary<string, string> { ["X-Session-Token"] = ending.Data.GetProperty("sessionToken").GetString()! };
        await Task.Delay(TimeSpan.FromSeconds(1.2));
        var expired = await Api.GetAsync("/api/v1/sessions/current", "/api/v1/sessions/current", endingHeader);
        if (Backend.ReadsPostgres)
        {
            Assert.True(expired.Success, expired.Error);
            Assert.False(expired.Data.GetProperty("isValid").GetBoolean());
            Assert.Equal(ending.Data.GetProperty("expiresAt").GetDateTimeOffset(), expired.Data.GetProperty("expiresAt").GetDateTimeOffset(), TimeSpan.FromMilliseconds(1));
        }
        else
        {
            // The legacy layout keeps a session only until its Redis TTL drops it, a second
            // or less after its expiry: then it is gone, a 404, never a valid session.
            Assert.True(expired.Status == HttpStatusCode.NotFound || !expired.Data.GetProperty("isValid").GetBoolean(), expired.Body.ToString());
        }

        // cleanupExpiredSessions() -> { deletedSessions }
        var cleanup = await Api.PostAsync("/api/v1/sessions/cleanup", "/api/v1/sessions/cleanup");
        Assert.True(cleanup.Success, cleanup.Error);
        Assert.Equal(Backend.ReadsPostgres ? 1L : 0L, cleanup.Data.GetProperty("deletedSessions").GetInt64());
        Assert.Equal(HttpStatusCode.NotFound, (await Api.GetAsync("/api/v1/sessions/current", "/api/v1/sessions/current", endingHeader)).Status);
    }

    [Fact]
    public async Task StorageStrategyInterface()
    {
        // getStorageConfig(dataType) -> { primaryStorage, enableCache, cacheTTL, readStrategy, writeStrategy }
        foreach (var dataType in new[] { "apikey", "account", "usage", "session" })
        {
            var config = (await Api.GetAsync("/api/v1/storage/strategies/{dataType}", $"/api/v1/storage/strategies/{dataType}")).Data;
            Assert.Contains(config.GetProperty("primaryStorage").GetString(), new[] { "postgres", "redis" });
            Assert.Equal(JsonValueKind.Number, config.GetProperty("cacheTTL").ValueKind);
            Assert.Contains(config.GetProperty("readStrategy").GetString(), new[] { "cache_first", "database_first", "cache_only" });
            Assert.Contains(config.GetProperty("writeStrategy").GetString(), new[] { "write_through", "write_behind", "write_around" });
            Assert.True(config.GetProperty("enableCache").ValueKind is JsonValueKind.True or JsonValueKind.False);
        }

        // switchStorageStrategy(dataType, newStrategy) -> { success, previousStrategy }
        var before = (await Api.GetAsync("/api/v1/storage/strategies/{dataType}", "/api/v1/storage/strategies/account")).Data;
        var switched = await Api.PutAsync("/api/v1/storage/strategies/{dataType}", "/api/v1/storage/strategies/account", JsonSerializer.Deserialize<JsonElement>(before.GetRawText()));
        if (Backend.Mode == "hybrid")
        {
            Assert.True(switched.Success, switched.Error);
            Assert.Equal(before.GetRawText(), switched.Body.GetProperty("previousStrategy").GetRawText());
        }
        else
        {
            // Only the hybrid backend has strategies to switch; the others keep one layout.
            Assert.Equal(HttpStatusCode.BadRequest, switched.Status);
            Assert.False(string.IsNullOrEmpty(switched.Error));
            Assert.False(switched.Body.TryGetProperty("previousStrategy", out _));
        }

        // getStorageHealth() -> { postgres: { connected, latency, poolStatus }, redis: { connected, latency, memory } }
        var health = (await Api.GetAsync("/api/v1/storage/health", "/api/v1/storage/health")).Data;
        var postgres = health.GetProperty("postgres");
        Assert.Equal(Backend.Mode != "redis", postgres.GetProperty("connected").GetBoolean());
        Assert.Equal(JsonValueKind.Number, postgres.GetProperty("latency").ValueKind);
        Assert.All(new[] { "total", "idle", "waiting" }, name => Assert.Equal(JsonValueKind.Number, postgres.GetProperty("poolStatus").GetProperty(name).ValueKind));
        var redis = health.GetProperty("redis");
        Assert.Equal(Backend.Mode != "postgres", redis.GetProperty("connected").GetBoolean());
        Assert.All(new[] { "used", "max" }, name => Assert.Equal(JsonValueKind.Number, redis.GetProperty("memory").GetProperty(name).ValueKind));
    }

    [Fact]
    public async Task MonitoringInterface()
    {
        // getPerformanceMetrics(timeRange) -> { database, cache, errors }
        foreach (var timeRange in new[] { "5m", "1h", "24h", "7d" })
        {
            var metrics = (await Api.GetAsync("/api/v1/monitoring/metrics", $"/api/v1/monitoring/metrics?timeRange={timeRange}")).Data;
            var database = metrics.GetProperty("database");
            Assert.Equal(JsonValueKind.Number, database.GetProperty("avgQueryTime").ValueKind);
            Assert.Equal(JsonValueKind.Number, database.GetProperty("slowQueries").ValueKind);
            Assert.Equal(JsonValueKind.Number, database.GetProperty("connectionPool").GetProperty("utilization").ValueKind);
            Assert.Equal(JsonValueKind.Number, database.GetProperty("connectionPool").GetProperty("waitTime").ValueKind);
            Assert.All(new[] { "hitRate", "missRate", "evictionRate" }, name => Assert.Equal(JsonValueKind.Number, metrics.GetProperty("cache").GetProperty(name).ValueKind));
            Assert.Equal(JsonValueKind.Number, metrics.GetProperty("errors").GetProperty("rate").ValueKind);
            Assert.Equal(JsonValueKind.Object, metrics.GetProperty("errors").GetProperty("types").ValueKind);
        }

        // getQueryStats(limit) -> { slowQueries: [{ query, avgDuration, callCount, lastExecuted }], frequentQueries: [{ query, callCount, totalDuration }] }
        // Every backend but redis writes a new key to PostgreSQL: there is at least one statement to list.
        Assert.True((await Api.PostAsync("/api/v1/apikeys", "/api/v1/apikeys", new { name = "seed-monitoring" })).Success);
        var queries = (await Api.GetAsync("/api/v1/monitoring/queries", "/api/v1/monitoring/queries?limit=5")).Data;
        Assert.InRange(queries.GetProperty("slowQueries").GetArrayLength(), 0, 5);
        Assert.InRange(queries.GetProperty("frequentQueries").GetArrayLength(), 0, 5);
        if (Backend.Mode != "redis")
        {
            var frequent = queries.GetProperty("frequentQueries")[0];
            Assert.Equal((JsonValueKind.String, JsonValueKind.Number, JsonValueKind.Number),
                (frequent.GetProperty("query").ValueKind, frequent.GetProperty("callCount").ValueKind, frequent.GetProperty("totalDuration").ValueKind));
            var slow = queries.GetProperty("slowQueries").EnumerateArray().FirstOrDefault();
            if (slow.ValueKind == JsonValueKind.Object)
            {
                Assert.Equal(JsonValueKind.String, slow.GetProperty("lastExecuted").ValueKind);
                Assert.Equal(JsonValueKind.Number, slow.GetProperty("avgDuration").ValueKind);
            }
        }

        // setPerformanceAlert({ metric, threshold, operator, duration, webhook? })
        var alert = await Api.PostAsync("/api/v1/monitoring/alerts", "/api/v1/monitoring/alerts", new
        {
            metric = "cache.hitRate",
            threshold = 0.5,
            @operator = "<",
            duration = 60,
            webhook = "http://127.0.0.1:9/alerts",
        });
        if (Backend.StoresAlerts)
        {
            Assert.Equal(HttpStatusCode.Created, alert.Status);
            Assert.Equal(("cache.hitRate", "<"), (alert.Data.GetProperty("metric").GetString(), alert.Data.GetProperty("operator").GetString()));
            var id = alert.Data.GetProperty("id").GetString();
            Assert.Contains(id, (await Api.GetAsync("/api/v1/monitoring/alerts", "/api/v1/monitoring/alerts")).Data.EnumerateArray().Select(rule => rule.GetProperty("id").GetString()));
            Assert.True((await Api.DeleteAsync("/api/v1/monitoring/alerts/{id}", $"/api/v1/monitoring/alerts/{id}")).Success);
        }
        else
        {
            Assert.Equal((HttpStatusCode.BadRequest, "DB_INVALID_QUERY"), (alert.Status, alert.Code));
            Assert.Contains("PostgreSQL", alert.Error, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task TransactionInterface()
    {
        // beginTransaction({ isolationLevel?, readOnly?, timeout? }) -> { transactionId }
        var begun = await Api.PostAsync("/api/v1/transactions", "/api/v1/transactions", new { isolationLevel = "SERIALIZABLE", readOnly = false, timeout = 30_000 });

        // batchOperation(operations, options) -> { success, results }
        var rule = Guid.NewGuid();
        var batch = await Api.PostAsync("/api/v1/transactions/batch", "/api/v1/transactions/batch", new
        {
            operations = new object[]
            {
                new { type = "create", table = "alert_rules", data = new { id = rule, metric = "errors.rate", threshold = 0.9, @operator = ">", duration_seconds = 60 } },
                new { type = "update", table = "alert_rules", data = new { threshold = 0.8 }, where = new { id = rule } },
            },
            options = new { isolationLevel = "READ_COMMITTED" },
        });
        if (!Backend.HasTransactions)
        {
            // The legacy layout has no tables and no transactions; dual mode would change
            // PostgreSQL behind the legacy layout's back. Refused, with the reason.
            foreach (var refused in new[] { begun, batch })
            {
                Assert.Equal((HttpStatusCode.BadRequest, "DB_INVALID_QUERY"), (refused.Status, refused.Code));
                Assert.Contains(Backend.Mode == "redis" ? "no transactions" : "dual mode", refused.Error, StringComparison.Ordinal);
            }

            return;
        }

        Assert.Equal(HttpStatusCode.Created, begun.Status);
        var transactionId = begun.Data.GetProperty("transactionId").GetString()!;
        Assert.True(batch.Success, batch.Error);
        Assert.Equal([1, 1], batch.Body.GetProperty("results").EnumerateArray().Select(result => result.GetProperty("affectedRows").GetInt32()));

        var inside = await Api.PostAsync("/api/v1/transactions/{transactionId}/batch", $"/api/v1/transactions/{transactionId}/batch", new
        {
            operations = new object[] { new { type = "delete", table = "alert_rules", where = new { id = rule } } },
        });
        Assert.True(inside.Success, inside.Error);
        Assert.Equal(1, Assert.Single(inside.Body.GetProperty("results").EnumerateArray()).GetProperty("affectedRows").GetInt32());

        // rollbackTransaction(transactionId) -> { success }: the delete never happened.
        Assert.True((await Api.PostAsync("/api/v1/transactions/{transactionId}/rollback", $"/api/v1/transactions/{transactionId}/rollback")).Success);
        Assert.Contains(rule.ToString(), (await Api.GetAsync("/api/v1/monitoring/alerts", "/api/v1/monitoring/alerts")).Data.EnumerateArray().Select(found => found.GetProperty("id").GetString()));

        // commitTransaction(transactionId) -> { success }
        var second = (await Api.PostAsync("/api/v1/transactions", "/api/v1/transactions", new { })).Data.GetProperty("transactionId").GetString()!;
        Assert.True((await Api.PostAsync("/api/v1/transactions/{transactionId}/batch", $"/api/v1/transactions/{second}/batch", new
        {
            operations = new object[] { new { type = "delete", table = "alert_rules", where = new { id = rule } } },
        })).Success);
        Assert.True((await Api.PostAsync("/api/v1/transactions/{transactionId}/commit", $"/api/v1/transactions/{second}/commit")).Success);
        Assert.DoesNotContain(rule.ToString(), (await Api.GetAsync("/api/v1/monitoring/alerts", "/api/v1/monitoring/alerts")).Data.EnumerateArray().Select(found => found.GetProperty("id").GetString()));
        var again = await Api.PostAsync("/api/v1/transactions/{transactionId}/commit", $"/api/v1/transactions/{second}/commit");
        Assert.Equal((HttpStatusCode.NotFound, "DB_RECORD_NOT_FOUND"), (again.Status, again.Code));
    }

    private async Task<IReadOnlyList<string?>> AvailableAsync(string query)
    {
        var available = await Api.GetAsync("/api/v1/accounts/claude/available", $"/api/v1/accounts/claude/available?{query}");
        Assert.True(available.Success, available.Error);
        return [.. available.Data.EnumerateArray().Select(account => account.GetProperty("id").GetString())];
    }

    public static async Task<ApiResponse> PollAsync(Func<Task<ApiResponse>> read, Func<ApiResponse, bool> done)
    {
        for (var attempt = 0; ; attempt++)
        {
            var response = await read();
            if ((response.Success && done(response)) || attempt == 100)
            {
                return response;
            }

            await Task.Delay(50);
        }
    }
}

public sealed class HybridSeedContractTests(HybridContractBackend backend) : SeedContract<HybridContractBackend>(backend);

public sealed class PostgresSeedContractTests(PostgresContractBackend backend) : SeedContract<PostgresContractBackend>(backend);

public sealed class RedisSeedContractTests(RedisContractBackend backend) : SeedContract<RedisContractBackend>(backend);

public sealed class DualSeedContractTests(DualContractBackend backend) : SeedContract<DualContractBackend>(backend);
