using System.Diagnostics;
using System.Net;
using System.Text;
using DataService.Tests.Support;
using Xunit.Abstractions;

namespace DataService.Tests.HostileInput;

// The inputs the hostile-input report found answered with a 500, not in the envelope, or
// stored although nothing can use them: each is now a 400 (or 413) naming what was wrong.
public sealed class ReportedInputTests(HostileInputFactory service, ITestOutputHelper output) : IClassFixture<HostileInputFactory>
{
    private const string Dates = "startDate=2026-01-01T00:00:00Z&endDate=2026-01-02T00:00:00Z";
    private static readonly string s_huge = new('x', 100_000);

    public static TheoryData<string, string, string?, string> Refused => new()
    {
        { "POST", "/api/v1/apikeys", """{"name":"x","restrictions":{"restrictedModels":null}}""", "restrictions.restrictedModels" },
        { "POST", "/api/v1/apikeys", """{"name":"x","restrictions":{"allowedClients":null}}""", "restrictions.allowedClients" },
        { "PATCH", "/api/v1/apikeys/{key}", """{"restrictions":{"restrictedModels":null}}""", "restrictions.restrictedModels" },
        { "POST", "/api/v1/accounts/claude", """{"name":"x","oauthData":{"accessToken":"t","scopes":null}}""", "oauthData.scopes" },
        { "POST", "/api/v1/accounts/openai", """{"name":"x","oauthData":{"accessToken":"t","scopes":null}}""", "oauthData.scopes" },
        { "POST", "/api/v1/usage/batch", "{}", "records" },
        { "POST", "/api/v1/usage/batch", """{"records":[null]}""", "records[0]" },
        { "POST", "/api/v1/transactions/batch", """{"operations":[null]}""", "operations[0]" },
        { "POST", "/api/v1/transactions/tx-any/batch", """{"operations":[null]}""", "operations[0]" },
        { "GET", "/api/v1/storage/strategies/5", null, "dataType" },
        { "GET", "/api/v1/storage/strategies/-1", null, "dataType" },
        { "GET", "/api/v1/storage/strategies/1", null, "dataType" },
        { "PUT", "/api/v1/storage/strategies/apikey", """{"primaryStorage":99}""", "primaryStorage" },
        { "GET", "/api/v1/apikeys?sortOrder=99", null, "sortOrder" },
        { "GET", $"/api/v1/usage/stats?{Dates}&granularity=99", null, "granularity" },
        { "GET", $"/api/v1/usage/stats?{Dates}&groupBy=99", null, "groupBy" },
        { "GET", $"/api/v1/usage/cost-analysis?{Dates}&groupBy=99", null, "groupBy" },
        { "POST", "/api/v1/transactions/batch", """{"operations":[{"type":"delete","table":"alert_rules","where":{"metric":"m"}}],"options":{"timeout":-1}}""", "options.timeout" },
        { "POST", "/api/v1/transactions/tx-any/batch", """{"operations":[{"type":"delete","table":"alert_rules","where":{"metric":"m"}}],"options":{"timeout":1000}}""", "options" },
        { "POST", "/api/v1/apikeys/{key}/usage", """{"model":"a\u0000b","inputTokens":1}""", "model" },
        { "POST", "/api/v1/apikeys/{key}/usage", """{"model":"m","inputTokens":9223372036854775807}""", "inputTokens" },
        { "POST", "/api/v1/usage", """{"apiKeyId":"{key}","model":"m","outputTokens":9223372036854775807}""", "outputTokens" },
        { "POST", "/api/v1/usage", """{"apiKeyId":"{key}","model":"m","cost":1000000000000}""", "cost" },
        { "POST", "/api/v1/apikeys", $$$"""{"name":"x","createdBy":"{{{s_huge}}}"}""", "createdBy" },
        { "POST", "/api/v1/apikeys", $$$"""{"name":"x","userUsername":"{{{s_huge}}}"}""", "userUsername" },
        { "POST", "/api/v1/apikeys", $$$"""{"name":"x","accountBindings":{"claudeAccountId":"{{{s_huge}}}"}}""", "accountBindings.claudeAccountId" },
        { "POST", "/api/v1/apikeys", $$$"""{"name":"x","restrictions":{"restrictedModels":[{{{string.Join(',', Enumerable.Repeat("\"m\"", 10_000))}}}]}}""", "restrictions.restrictedModels" },
        { "POST", "/api/v1/accounts/claude", $$$"""{"name":"x","oauthData":{"accessToken":"{{{s_huge}}}"}}""", "oauthData.accessToken" },
        { "POST", "/api/v1/accounts/claude", """{"name":"x","oauthData":{"accessToken":"a\u0000b"}}""", "oauthData.accessToken" },
        { "POST", "/api/v1/accounts/claude", """{"name":"x","oauthData":{"accessToken":"t"},"proxyConfig":{"type":"http","host":"h","port":1,"password":"p\u0000"}}""", "proxyConfig.password" },
        { "POST", "/api/v1/accounts/claude", $$$"""{"name":"x","oauthData":{"accessToken":"t"},"proxyConfig":{"type":"http","host":"{{{s_huge}}}","port":1}}""", "proxyConfig.host" },
        { "POST", "/api/v1/sessions", $$$"""{"userId":"u","userType":"admin","sessionData":{},"userAgent":"{{{s_huge}}}"}""", "userAgent" },
        { "POST", "/api/v1/sessions", $$$"""{"userId":"u","userType":"admin","sessionData":{},"ipAddress":"{{{s_huge}}}"}""", "ipAddress" },
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public async Task A_reported_input_is_refused_naming_its_field(string method, string path, string? body, string field)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path.Replace("{key}", service.KeyId.ToString(), StringComparison.Ordinal));
        if (body is not null)
        {
            request.Content = new StringContent(body.Replace("{key}", service.KeyId.ToString(), StringComparison.Ordinal), Encoding.UTF8, "application/json");
        }

        var response = await ApiResponse.ReadAsync(await service.Admin().SendAsync(request));

        Assert.Equal((HttpStatusCode.BadRequest, false, "DB_INVALID_QUERY", field), (response.Status, response.Success, response.Code, response.Field));
    }

    [Fact]
    public async Task A_chunked_body_over_the_limit_gets_the_envelope()
    {
        using var content = new ChunkedContent(Encoding.UTF8.GetBytes($$$"""{"name":"{{{new string('x', 2 * 1024 * 1024)}}}"}"""));

        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/apikeys") { Content = content };
        request.Headers.TransferEncodingChunked = true;

        var response = await ApiResponse.ReadAsync(await service.Admin().SendAsync(request));

        Assert.Equal((HttpStatusCode.RequestEntityTooLarge, "PAYLOAD_TOO_LARGE"), (response.Status, response.Code));
    }

    [Fact]
    public async Task A_database_refusal_names_no_constraint_or_table()
    {
        var id = Guid.NewGuid();
        Assert.True((await service.Admin().PostApiAsync("/api/v1/apikeys", new { id, name = "first" })).Success);

        var again = await service.Admin().PostApiAsync("/api/v1/apikeys", new { id, name = "second" });

        Assert.Equal(HttpStatusCode.Conflict, again.Status);
        Assert.DoesNotContain("api_keys", again.Error);
        Assert.DoesNotContain("pkey", again.Error);
    }

    [Fact]
    public async Task Refresh_with_the_token_endpoint_down_fails_within_the_refresh_timeout()
    {
        var watch = Stopwatch.StartNew();
        var response = await service.Gateway().PostApiAsync($"/api/v1/accounts/claude/{service.ClaudeAccountId}/refresh");
        watch.Stop();

        Assert.Equal((HttpStatusCode.ServiceUnavailable, "DB_CONNECTION_FAILED"), (response.Status, response.Code));
        output.WriteLine($"Refresh with the token endpoint down answered {(int)response.Status} after {watch.Elapsed.TotalSeconds:0.0} s (DataAccess:ClaudeOAuth:RefreshTimeout 3 s).");
    }

    // A body of unknown length, sent with Transfer-Encoding: chunked.
    private sealed class ChunkedContent : HttpContent
    {
        private readonly byte[] _bytes;

        public ChunkedContent(byte[] bytes)
        {
            _bytes = bytes;
            Headers.ContentType = new("application/json");
        }

        protected override Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context) => stream.WriteAsync(_bytes).AsTask();

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}
