using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Npgsql;
using StackExchange.Redis;
using TestSupport;
using TestSupport.LegacyDataset;

namespace MigrationService.Tests;

// The README's "Moving from claude-relay-service to PostgreSQL", step by step as written, on a
// Redis the relay filled: every step a real DataService or MigrationService process configured
// only as the guide says. What the API answers for the relay's keys never changes on the way,
// also for usage recorded through us in between.
public sealed class MigrationGuideTests : IAsyncLifetime
{
    private RedisServerProcess _relayRedis = null!;
    private PostgresTestDatabase _database = null!;
    private LegacyDataset _dataset = null!;

    public async Task InitializeAsync()
    {
        _relayRedis = await RedisServerProcess.StartAsync();
        _database = await PostgresTestDatabase.CreateAsync("guide");
        await using var redis = await ConnectionMultiplexer.ConnectAsync(_relayRedis.Endpoint);
        _dataset = await LegacyDatasetGenerator.GenerateAsync(redis.GetDatabase(), new LegacyDatasetOptions { ApiKeys = 4, Days = 10, CorruptEntries = false, MinuteMetrics = 5 });
    }

    public async Task DisposeAsync()
    {
        await _relayRedis.DisposeAsync();
        await _database.DisposeAsync();
    }

    [Fact]
    public async Task Redis_then_dry_run_then_dual_with_backfill_then_verify_then_hybrid()
    {
        var key = _dataset.ApiKeys.First(candidate => _dataset.KeyUsage.TryGetValue(candidate.Id, out var usage) && usage.Daily.Count > 0);
        var account = _dataset.Accounts.First(candidate => candidate.Platform == "claude");

        // 1. Read the relay's data: DATABASE_TYPE=redis, the relay's Redis, ENCRYPTION_KEY and
        //    TIMEZONE_OFFSET. Usage recorded through us lands in the relay's layout.
        JsonNode relayAnswers;
        await using (var redisMode = await DataServiceProcess.StartAsync(Settings(("DATABASE_TYPE", "redis"))))
        {
            using var client = redisMode.CreateClient();
            Assert.Equal(key.Id.ToString(), (await PostAsync(client, "/api/v1/apikeys/validate", new { hashedKey = key.Hash }))["id"]!.GetValue<string>());
            Assert.Equal(account.Fields["name"], (await GetAsync(client, $"/api/v1/accounts/claude/{account.Id}"))["name"]!.GetValue<string>());
            var before = await GetAsync(client, $"/api/v1/apikeys/{key.Id}/usage/summary");
            await PostAsync(client, "/api/v1/usage", new { apiKeyId = key.Id, model = "claude-sonnet-4-20250514", inputTokens = 1000, outputTokens = 500, cost = 0.0105 });
            relayAnswers = await AnswersAsync(client, key.Id);
            Assert.Equal(Requests(before) + 1, Requests(relayAnswers["summary"]!));
        }

        // 2. Look before you move: --dry-run lists what would move and writes nothing.
        var (dryRunExit, dryRunOutput) = await MigrationServiceProcess.RunAsync(_database.ConnectionString, Legacy(), "--dry-run");
        Assert.True(dryRunExit == 0, dryRunOutput);
        Assert.Contains("Legacy backfill (DryRun)", dryRunOutput, StringComparison.Ordinal);
        Assert.Equal(0L, await CountAsync("api_keys"));

        // 3. Write both ways: DATABASE_TYPE=dual, then backfill. A request recorded meanwhile
        //    reaches both stores; reads from PostgreSQL then answer as reads from Redis.
        await using (var dual = await DataServiceProcess.StartAsync(Settings(("DATABASE_TYPE", "dual"), ("ConnectionStrings__postgres", _database.ConnectionString))))
        {
            var (backfillExit, backfillOutput) = await MigrationServiceProcess.RunAsync(_database.ConnectionString, Legacy());
            Assert.True(backfillExit == 0, backfillOutput);

            // A run that went well ends with its verdict, not with the stack traces of closed connections.
            Assert.DoesNotContain("Exception", backfillOutput, StringComparison.Ordinal);
            using var client = dual.CreateClient();
            await PostAsync(client, "/api/v1/usage", new { apiKeyId = key.Id, model = "claude-3-5-haiku-20241022", inputTokens = 200, outputTokens = 100, cost = 0.0009 });
            var recorded = Requests(relayAnswers["summary"]!);
            relayAnswers = await AnswersAsync(client, key.Id);
            Assert.Equal(recorded + 1, Requests(relayAnswers["summary"]!));
            Assert.Equal(_dataset.ApiKeys.Count, await CountAsync("api_keys"));
        }

        await using (var dualFromPostgres = await DataServiceProcess.StartAsync(Settings(
            ("DATABASE_TYPE", "dual"), ("Database__DualReadFrom", "postgres"), ("ConnectionStrings__postgres", _database.ConnectionString))))
        {
            using var client = dualFromPostgres.CreateClient();
            AssertSameAnswers(relayAnswers, await AnswersAsync(client, key.Id));
        }

        // 4. Cut over: (the relay stopped) the backfill a last time, --verify exits 0, then
        //    DATABASE_TYPE=hybrid, which answers as the relay's data did.
        var (lastExit, lastOutput) = await MigrationServiceProcess.RunAsync(_database.ConnectionString, Legacy());
        Assert.True(lastExit == 0, lastOutput);
        var (verifyExit, verifyOutput) = await MigrationServiceProcess.RunAsync(_database.ConnectionString, Legacy(), "--verify");
        Assert.True(verifyExit == 0, verifyOutput);
        await using (var hybrid = await DataServiceProcess.StartAsync(Settings(
            ("DATABASE_TYPE", "hybrid"), ("ConnectionStrings__postgres", _database.ConnectionString), ("ConnectionStrings__redis", _relayRedis.Endpoint))))
        {
            using var client = hybrid.CreateClient();
            Assert.Equal(key.Id.ToString(), (await PostAsync(client, "/api/v1/apikeys/validate", new { hashedKey = key.Hash }))["id"]!.GetValue<string>());
            Assert.Equal(account.Fields["name"], (await GetAsync(client, $"/api/v1/accounts/claude/{account.Id}"))["name"]!.GetValue<string>());
            AssertSameAnswers(relayAnswers, await AnswersAsync(client, key.Id));
        }
    }

    // The relay's settings the guide names, for every process.
    private Dictionary<string, string> Legacy() => new()
    {
        ["ConnectionStrings__legacy-redis"] = _relayRedis.Endpoint,
        ["ENCRYPTION_KEY"] = _dataset.Options.EncryptionKey,
        ["TIMEZONE_OFFSET"] = _dataset.Options.OffsetHours.ToString(CultureInfo.InvariantCulture),
    };

    private Dictionary<string, string> Settings(params (string Name, string Value)[] settings)
    {
        var environment = Legacy();
        foreach (var (name, value) in settings)
        {
            environment[name] = value;
        }

        return environment;
    }

    // What an operator compares between dashboards: the key, its summary, its days and months.
    // (Grouped by model, the cost of usage recorded through us in redis mode is kept in our
    // own per-model cost keys beside the relay's, which the backfill does not read.)
    private async Task<JsonNode> AnswersAsync(HttpClient client, Guid key)
    {
        var now = DateTimeOffset.UtcNow;
        var buckets = new DataAccess.Time.TimeBuckets(_dataset.Options.OffsetHours);
        var end = Uri.EscapeDataString(now.AddHours(1).ToString("O"));
        var days = $"startDate={Uri.EscapeDataString(buckets.StartOfDay(now).AddDays(-20).ToString("O"))}&endDate={end}";
        var months = $"startDate={Uri.EscapeDataString(buckets.StartOfMonth(now.AddDays(-200)).ToString("O"))}&endDate={end}";
        var summary = await GetAsync(client, $"/api/v1/apikeys/{key}/usage/summary");
        summary.AsObject().Remove("averages");
        return new JsonObject
        {
            ["key"] = await GetAsync(client, $"/api/v1/apikeys/{key}"),
            ["summary"] = summary,
            ["days"] = await GetAsync(client, $"/api/v1/usage/stats?apiKeyId={key}&{days}&granularity=day"),
            ["months"] = await GetAsync(client, $"/api/v1/usage/stats?apiKeyId={key}&{months}&granularity=month"),
        };
    }

    private static void AssertSameAnswers(JsonNode expected, JsonNode actual)
    {
        foreach (var (question, answer) in expected.AsObject())
        {
            Assert.True(JsonNode.DeepEquals(Normalized(answer), Normalized(actual[question])), $"{question}:\n{answer}\n{actual[question]}");
        }
    }

    // Numbers compared by value (a numeric column answers 0.0105000000 where Redis answers
    // 0.0105), properties in name order; the key's lastUsedAt is the time of the last request,
    // which both systems record on their own.
    private static JsonNode? Normalized(JsonNode? node) => node switch
    {
        JsonObject map => new JsonObject(map.Where(property => property.Key != "lastUsedAt").OrderBy(property => property.Key, StringComparer.Ordinal)
            .Select(property => KeyValuePair.Create(property.Key, Normalized(property.Value)))),
        JsonArray list => new JsonArray([.. list.Select(Normalized)]),
        JsonValue value when value.GetValueKind() == JsonValueKind.Number => JsonValue.Create(value.GetValue<decimal>() / 1.000000000000000000000000000000000m),
        _ => node?.DeepClone(),
    };

    private static long Requests(JsonNode summary) => summary["total"]!["requests"]!.GetValue<long>();

    private static async Task<JsonNode> GetAsync(HttpClient client, string path) => await DataAsync(await client.GetAsync(path));

    private static async Task<JsonNode> PostAsync(HttpClient client, string path, object body) => await DataAsync(await client.PostAsJsonAsync(path, body));

    private static async Task<JsonNode> DataAsync(HttpResponseMessage response)
    {
        using (response)
        {
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.Created, $"{(int)response.StatusCode} {response.RequestMessage?.RequestUri}: {text}");
            return JsonNode.Parse(text)!["data"]?.DeepClone() ?? JsonValue.Create(true);
        }
    }

    private async Task<long> CountAsync(string table)
    {
        await using var connection = new NpgsqlConnection(_database.ConnectionString);
        await connection.OpenAsync();
        await using var exists = new NpgsqlCommand($"SELECT to_regclass('{table}') IS NOT NULL", connection);
        if (!(bool)(await exists.ExecuteScalarAsync())!)
        {
            return 0;
        }

        await using var command = new NpgsqlCommand($"SELECT count(*) FROM {table}", connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
