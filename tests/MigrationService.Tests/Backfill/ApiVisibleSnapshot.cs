using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using DataAccess;
using DataAccess.Accounts;
using DataAccess.ApiKeys;
using DataAccess.Sessions;
using DataAccess.Time;
using DataAccess.Usage;
using Microsoft.Extensions.DependencyInjection;
using TestSupport.LegacyDataset;

namespace MigrationService.Tests.Backfill;

// Every value the data-access API returns for a legacy dataset, read through one backend and
// kept as JSON by what was asked ("apiKey/{id}", "usage/day/{key}", ...), so that two backends
// can be compared answer by answer. Session expiries are kept apart: a TTL keeps running
// between the two readings.
internal sealed class ApiVisibleSnapshot
{
    private static readonly JsonSerializerOptions s_json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new NormalizedDecimalConverter(), new JsonStringEnumConverter() },
    };

    public SortedDictionary<string, string> Answers { get; } = new(StringComparer.Ordinal);

    public SortedDictionary<string, DateTimeOffset> SessionExpiries { get; } = new(StringComparer.Ordinal);

    public static async Task<ApiVisibleSnapshot> ReadAsync(IServiceProvider stores, LegacyDataset dataset)
    {
        var snapshot = new ApiVisibleSnapshot();
        await snapshot.ReadApiKeysAsync(stores.GetRequiredService<IApiKeyStore>(), dataset);
        await snapshot.ReadAccountsAsync(stores.GetRequiredService<IClaudeAccountStore>(), stores.GetRequiredService<IOpenAiAccountStore>(), dataset);
        await snapshot.ReadSessionsAsync(stores.GetRequiredService<ISessionStore>(), dataset);
        await snapshot.ReadUsageAsync(stores.GetRequiredService<IUsageStore>(), dataset);
        return snapshot;
    }

    private async Task ReadApiKeysAsync(IApiKeyStore store, LegacyDataset dataset)
    {
        Add("apiKeys/all", await store.GetAllApiKeysAsync(new ApiKeyQuery { IncludeDeleted = true, Limit = ApiKeyQuery.MaxLimit, SortBy = "name", SortOrder = SortOrder.Asc }));
        Add("apiKeys/active", await store.GetAllApiKeysAsync(new ApiKeyQuery { IsActive = true, Limit = 10, Offset = 5, SortBy = "createdAt" }));
        Add("apiKeys/unknown", await store.GetApiKeyAsync(Guid.Empty));
        Add("apiKeys/validate-unknown", await store.ValidateApiKeyAsync(new string('0', 64)));
        foreach (var key in dataset.ApiKeys)
        {
            Add($"apiKey/{key.Id}", await store.GetApiKeyAsync(key.Id));
            Add($"validate/{key.Id}", await store.ValidateApiKeyAsync(key.Hash));
            foreach (var (retired, index) in key.RetiredHashes.Select((hash, index) => (hash, index)))
            {
                Add($"validate/{key.Id}/retired-{index}", await store.ValidateApiKeyAsync(retired));
            }
        }
    }

    private async Task ReadAccountsAsync(IClaudeAccountStore claude, IOpenAiAccountStore openAi, LegacyDataset dataset)
    {
        Add("claude/available", await claude.GetAvailableAccountsAsync(new AvailableAccountQuery()));
        Add("claude/available-now", await claude.GetAvailableAccountsAsync(new AvailableAccountQuery { RateLimitAvailable = true }));
        Add("openai/available", await openAi.GetAvailableAccountsAsync(new AvailableAccountQuery()));
        foreach (var account in dataset.Accounts)
        {
            Add($"claude/{account.Platform}/{account.Id}", await claude.GetClaudeAccountAsync(account.Id));
            Add($"claude-token/{account.Platform}/{account.Id}", await claude.GetAccessTokenAsync(account.Id));
            Add($"openai/{account.Platform}/{account.Id}", await openAi.GetOpenAiAccountAsync(account.Id));
            Add($"openai-token/{account.Platform}/{account.Id}", await openAi.GetAccessTokenAsync(account.Id));
        }
    }

    private async Task ReadSessionsAsync(ISessionStore store, LegacyDataset dataset)
    {
        foreach (var token in dataset.AdminSessions.Keys.Concat(dataset.UserSessions.Keys))
        {
            var validation = await store.ValidateSessionAsync(token);
            if (validation.Success)
            {
                SessionExpiries[token] = validation.Data!.ExpiresAt;
                validation = validation with { Data = validation.Data with { ExpiresAt = default } };
            }

            Add($"session/{token}", validation);
        }

        Add("session/unknown", await store.ValidateSessionAsync("no-such-session"));
    }

    // Within the legacy retention (hours for six days, days for four weeks, months for
    // months): what lies beyond it the legacy layout no longer holds, by design.
    private async Task ReadUsageAsync(IUsageStore store, LegacyDataset dataset)
    {
        var now = dataset.Options.Now;
        var buckets = new TimeBuckets(dataset.Options.OffsetHours);
        var end = now.AddHours(1);
        var days = buckets.StartOfDay(now).AddDays(-27);
        var hours = buckets.StartOfDay(now).AddDays(-5);
        var months = buckets.StartOfMonth(now.AddDays(-200));

        Add("usage/all/day", await store.GetUsageStatsAsync(new UsageStatsQuery { StartDate = days, EndDate = end }));
        Add("usage/all/day/model", await store.GetUsageStatsAsync(new UsageStatsQuery { StartDate = days, EndDate = end, GroupBy = UsageGroupBy.Model }));
        Add("usage/all/day/apikey", await store.GetUsageStatsAsync(new UsageStatsQuery { StartDate = days, EndDate = end, GroupBy = UsageGroupBy.ApiKey }));
        Add("costs/all/model", await store.GetCostAnalysisAsync(new CostAnalysisQuery { StartDate = days, EndDate = end, GroupBy = CostGroupBy.Model }));
        foreach (var key in dataset.KeyUsage.Keys)
        {
            Add($"summary/{key}", await store.GetKeyUsageSummaryAsync(key));
            Add($"costStats/{key}", await store.GetCostStatsAsync(key));
            Add($"dailyCost/{key}", await store.GetDailyCostAsync(key));
            Add($"usage/{key}/hour", await store.GetUsageStatsAsync(new UsageStatsQuery { ApiKeyId = key, StartDate = hours, EndDate = end, Granularity = Granularity.Hour }));
            Add($"usage/{key}/day", await store.GetUsageStatsAsync(new UsageStatsQuery { ApiKeyId = key, StartDate = days, EndDate = end }));
            Add($"usage/{key}/day/model", await store.GetUsageStatsAsync(new UsageStatsQuery { ApiKeyId = key, StartDate = days, EndDate = end, GroupBy = UsageGroupBy.Model }));
            Add($"usage/{key}/month", await store.GetUsageStatsAsync(new UsageStatsQuery { ApiKeyId = key, StartDate = months, EndDate = end, Granularity = Granularity.Month }));
            Add($"costs/{key}/day", await store.GetCostAnalysisAsync(new CostAnalysisQuery { ApiKeyId = key, StartDate = days, EndDate = end }));
            Add($"costs/{key}/model", await store.GetCostAnalysisAsync(new CostAnalysisQuery { ApiKeyId = key, StartDate = days, EndDate = end, GroupBy = CostGroupBy.Model }));
        }

        foreach (var account in dataset.AccountUsage.Keys)
        {
            Add($"usage/account/{account}/day", await store.GetUsageStatsAsync(new UsageStatsQuery { AccountId = account, StartDate = days, EndDate = end }));
        }
    }

    private void Add<T>(string question, DataResult<T> answer) =>
        Answers.Add(question, answer.Success ? Canonical(JsonSerializer.SerializeToNode(answer.Data, s_json))?.ToJsonString() ?? "null" : $"error {answer.Code}");

    // Properties in name order: a map of groups has no order to compare.
    private static JsonNode? Canonical(JsonNode? node) => node switch
    {
        JsonObject map => new JsonObject(map.OrderBy(property => property.Key, StringComparer.Ordinal)
            .Select(property => KeyValuePair.Create(property.Key, Canonical(property.Value)))),
        JsonArray list => new JsonArray(list.Select(Canonical).ToArray()),
        _ => node?.DeepClone(),
    };

    // numeric columns answer 0.0000000000 where a parsed Redis string answers 0: the same value.
    private sealed class NormalizedDecimalConverter : JsonConverter<decimal>
    {
        public override decimal Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.GetDecimal();

        public override void Write(Utf8JsonWriter writer, decimal value, JsonSerializerOptions options) =>
            writer.WriteNumberValue(value / 1.000000000000000000000000000000000m);
    }
}
