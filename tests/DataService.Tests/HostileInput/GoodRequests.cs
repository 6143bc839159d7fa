using System.Text.Json.Nodes;

namespace DataService.Tests.HostileInput;

// One request per documented operation that the service accepts (or refuses only for what
// it refers to, such as a transaction that is not open). The walk spoils one part of it at
// a time, so a refusal is about that part and nothing else.
public sealed record GoodRequest(
    string Method,
    string Template,
    JsonNode? Body = null,
    IReadOnlyDictionary<string, string>? Route = null,
    IReadOnlyDictionary<string, string>? Query = null,
    IReadOnlyDictionary<string, string>? Headers = null,
    bool CallsOutside = false)
{
    public string Operation => $"{Method} {Template}";

    public IReadOnlyDictionary<string, string> RouteValues => Route ?? new Dictionary<string, string>();

    public IReadOnlyDictionary<string, string> QueryValues => Query ?? new Dictionary<string, string>();

    public IReadOnlyDictionary<string, string> HeaderValues => Headers ?? new Dictionary<string, string>();

    public string Path(IReadOnlyDictionary<string, string>? route = null, IReadOnlyDictionary<string, string>? query = null)
    {
        var path = (route ?? RouteValues).Aggregate(Template, (current, value) => current.Replace($"{{{value.Key}}}", Uri.EscapeDataString(value.Value)));
        var pairs = (query ?? QueryValues).Select(pair => $"{pair.Key}={Uri.EscapeDataString(pair.Value)}").ToArray();
        return pairs.Length == 0 ? path : $"{path}?{string.Join('&', pairs)}";
    }
}

public static class GoodRequests
{
    private const string Day = "2026-01-01T00:00:00Z";
    private const string NextDay = "2026-01-02T00:00:00Z";

    public static object Account(string name) => new
    {
        name,
        description = "hostile input target",
        oauthData = new { accessToken = "sk-ant-oat01-token", refreshToken = "sk-ant-ort01-token", idToken = "id-token", scopes = new[] { "user:inference" }, expiresAt = "2030-01-01T00:00:00Z" },
        proxyConfig = new { type = "http", host = "proxy.internal", port = 3128, username = "proxy-user", password = "proxy-password" },
        accountType = "shared",
        priority = 50,
        schedulable = true,
    };

    public static IReadOnlyList<GoodRequest> For(HostileInputFactory service)
    {
        var key = Id(service.KeyId);
        var claude = Id(service.ClaudeAccountId);
        var openAi = Id(service.OpenAiAccountId);
        var session = new Dictionary<string, string> { ["X-Session-Token"] = service.SessionToken };
        var usage = $$"""{"model":"claude-sonnet-4","inputTokens":10,"outputTokens":5,"cacheCreateTokens":1,"cacheReadTokens":1,"cost":0.01,"requestCount":1}""";
        var record = $$"""{"apiKeyId":"{{service.KeyId}}","accountType":"claude","model":"claude-sonnet-4","inputTokens":10,"outputTokens":5,"cost":0.01,"requestCount":1}""";
        var operation = $$$"""{"type":"update","table":"api_keys","data":{"description":"batch"},"where":{"id":"{{{service.KeyId}}}"}}""";
        var status = """{"status":"active","metadata":{"errorMessage":"none","rateLimitRemaining":5}}""";
        var available = new Dictionary<string, string> { ["status"] = "active", ["rateLimitAvailable"] = "true", ["minTokensRemaining"] = "0" };
        var noTransaction = new Dictionary<string, string> { ["transactionId"] = "tx-not-open" };

        return
        [
            new("POST", "/api/v1/apikeys", Json("""
                {"name":"hostile","description":"d","permissions":"all",
                 "limits":{"tokenLimit":1000,"concurrencyLimit":2,"rateLimitWindowMinutes":1,"rateLimitRequests":10,"dailyCostLimit":5},
                 "restrictions":{"enableModelRestriction":true,"restrictedModels":["claude-sonnet-4"],"enableClientRestriction":false,"allowedClients":["cli"]},
                 "tags":["team"],"accountBindings":{"claudeAccountId":"account"},"createdBy":"admin","userId":"user-1","userUsername":"user"}
                """)),
            new("POST", "/api/v1/apikeys/validate", Json($$"""{"hashedKey":"{{new string('a', 64)}}"}""")),
            new("GET", "/api/v1/apikeys/{id}", Route: key),
            new("PATCH", "/api/v1/apikeys/{id}", Json("""
                {"name":"renamed","description":"x","tags":["a"],"permissions":"claude","isActive":true,
                 "restrictions":{"restrictedModels":["m"],"allowedClients":["c"]},"limits":{"tokenLimit":5}}
                """), Route: key),
            new("DELETE", "/api/v1/apikeys/{id}", Route: Id(service.DeletableKeyId)),
            new("GET", "/api/v1/apikeys", Query: new Dictionary<string, string>
            {
                ["isActive"] = "true", ["permissions"] = "all", ["tags"] = "team", ["includeDeleted"] = "false",
                ["limit"] = "10", ["offset"] = "0", ["sortBy"] = "name", ["sortOrder"] = "asc",
            }),
            new("POST", "/api/v1/apikeys/{id}/usage", Json(usage), Route: key),
            new("GET", "/api/v1/apikeys/{id}/usage/summary", Route: key),
            new("GET", "/api/v1/apikeys/{id}/usage/daily-cost", Route: key),
            new("GET", "/api/v1/apikeys/{id}/usage/costs", Route: key),

            new("POST", "/api/v1/accounts/claude", JsonNode.Parse(System.Text.Json.JsonSerializer.Serialize(Account("claude")))),
            new("GET", "/api/v1/accounts/claude/{id}", Route: claude),
            new("POST", "/api/v1/accounts/claude/{id}/refresh", Route: claude, CallsOutside: true),
            new("PUT", "/api/v1/accounts/claude/{id}/status", Json(status), Route: claude),
            new("GET", "/api/v1/accounts/claude/available", Query: available),
            new("GET", "/api/v1/accounts/claude/{id}/access-token", Route: claude),
            new("POST", "/api/v1/accounts/openai", JsonNode.Parse(System.Text.Json.JsonSerializer.Serialize(Account("openai")))),
            new("GET", "/api/v1/accounts/openai/{id}", Route: openAi),
            new("PUT", "/api/v1/accounts/openai/{id}/status", Json(status), Route: openAi),
            new("GET", "/api/v1/accounts/openai/available", Query: available),
            new("GET", "/api/v1/accounts/openai/{id}/access-token", Route: openAi),

            new("POST", "/api/v1/usage", Json(record)),
            new("POST", "/api/v1/usage/batch", Json($$"""{"records":[{{record}}]}""")),
            new("GET", "/api/v1/usage/stats", Query: new Dictionary<string, string>
            {
                ["apiKeyId"] = service.KeyId.ToString(), ["model"] = "claude-sonnet-4", ["startDate"] = Day, ["endDate"] = NextDay,
                ["granularity"] = "day", ["groupBy"] = "model",
            }),
            new("GET", "/api/v1/usage/cost-analysis", Query: new Dictionary<string, string>
            {
                ["apiKeyId"] = service.KeyId.ToString(), ["startDate"] = Day, ["endDate"] = NextDay, ["groupBy"] = "day",
            }),
            new("POST", "/api/v1/usage/cleanup", Json("""{"retentionDays":3650}""")),

            new("POST", "/api/v1/sessions", Json("""
                {"userId":"user-1","userType":"admin","sessionData":{"theme":"dark"},"ttlSeconds":3600,"ipAddress":"127.0.0.1","userAgent":"hostile"}
                """)),
            new("GET", "/api/v1/sessions/current", Headers: session),
            new("PATCH", "/api/v1/sessions/current", Json("""{"sessionData":{"theme":"light"},"extendTtlSeconds":60}"""), Headers: session),
            new("DELETE", "/api/v1/sessions/current", Headers: session),
            new("POST", "/api/v1/sessions/cleanup"),

            new("GET", "/api/v1/storage/strategies/{dataType}", Route: new Dictionary<string, string> { ["dataType"] = "apikey" }),
            new("PUT", "/api/v1/storage/strategies/{dataType}", Json("""
                {"primaryStorage":"postgres","enableCache":true,"cacheTTL":300,"readStrategy":"cache_first","writeStrategy":"write_through"}
                """), Route: new Dictionary<string, string> { ["dataType"] = "apikey" }),
            new("GET", "/api/v1/storage/health"),

            new("POST", "/api/v1/transactions", Json("""{"isolationLevel":"READ_COMMITTED","readOnly":false,"timeout":1000}""")),
            new("POST", "/api/v1/transactions/{transactionId}/commit", Route: noTransaction),
            new("POST", "/api/v1/transactions/{transactionId}/rollback", Route: noTransaction),
            new("POST", "/api/v1/transactions/{transactionId}/batch", Json($$"""{"operations":[{{operation}}]}"""), Route: noTransaction),
            new("POST", "/api/v1/transactions/batch", Json($$$"""{"operations":[{{{operation}}}],"options":{"isolationLevel":"READ_COMMITTED","timeout":5000}}""")),

            new("GET", "/api/v1/monitoring/metrics", Query: new Dictionary<string, string> { ["timeRange"] = "1h" }),
            new("GET", "/api/v1/monitoring/queries", Query: new Dictionary<string, string> { ["limit"] = "10" }),
            new("POST", "/api/v1/monitoring/alerts", Json("""{"metric":"avgQueryTime","threshold":100,"operator":">","duration":60,"webhook":"http://127.0.0.1:9/hook"}""")),
            new("GET", "/api/v1/monitoring/alerts"),
            new("DELETE", "/api/v1/monitoring/alerts/{id}", Route: Id(Guid.NewGuid())),
        ];
    }

    private static Dictionary<string, string> Id(Guid id) => new() { ["id"] = id.ToString() };

    private static JsonNode Json(string json) => JsonNode.Parse(json)!;
}
