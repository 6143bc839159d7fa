using System.Net;
using System.Text.Json;
using DataService.Tests.Support;

namespace DataService.Tests.Endpoints;

public sealed class AuthenticationTests(DataServiceFactory factory) : IClassFixture<DataServiceFactory>
{
    [Theory]
    [InlineData("/health")]
    [InlineData("/alive")]
    public async Task Health_endpoints_need_no_token(string path)
    {
        using var response = await factory.CreateClient(token: null).GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("wrong-token")]
    [InlineData("admin-test-token-012345678")]
    public async Task Api_routes_refuse_a_missing_or_wrong_token(string? token)
    {
        var response = await factory.CreateClient(token).GetApiAsync("/api/v1/apikeys");

        Assert.Equal(HttpStatusCode.Unauthorized, response.Status);
        Assert.Equal(("UNAUTHORIZED", false), (response.Code, response.Success));
    }

    [Fact]
    public async Task The_gateway_token_validates_keys_and_records_usage_but_cannot_manage_keys()
    {
        var created = await factory.Admin().PostApiAsync("/api/v1/apikeys", new { name = "gateway-check" });
        var id = created.Data.GetProperty("id").GetString();
        var hash = created.Data.GetProperty("hashedKey").GetString();
        var gateway = factory.Gateway();

        var validation = await gateway.PostApiAsync("/api/v1/apikeys/validate", new { hashedKey = hash });
        var usage = await gateway.PostApiAsync("/api/v1/usage", new { apiKeyId = id, model = "claude-sonnet-4-20250514", inputTokens = 5 });
        var create = await gateway.PostApiAsync("/api/v1/apikeys", new { name = "not allowed" });
        var delete = await gateway.DeleteApiAsync($"/api/v1/apikeys/{id}");
        var list = await gateway.GetApiAsync("/api/v1/apikeys");

        Assert.Equal(HttpStatusCode.OK, validation.Status);
        Assert.Equal(HttpStatusCode.OK, usage.Status);
        Assert.Equal((HttpStatusCode.Forbidden, "FORBIDDEN"), (create.Status, create.Code));
        Assert.Equal(HttpStatusCode.Forbidden, delete.Status);
        Assert.Equal(HttpStatusCode.Forbidden, list.Status);
        Assert.True((await factory.Admin().GetApiAsync($"/api/v1/apikeys/{id}")).Success);
    }

    // The gateway's remote data access loads the strategies at start; switching stays an operator's.
    [Fact]
    public async Task The_gateway_token_reads_the_storage_strategies_but_cannot_switch_them()
    {
        var gateway = factory.Gateway();

        var read = await gateway.GetApiAsync("/api/v1/storage/strategies/apikey");
        var switched = await gateway.PutApiAsync("/api/v1/storage/strategies/apikey", read.Data);
        var health = await gateway.GetApiAsync("/api/v1/storage/health");

        Assert.Equal(HttpStatusCode.OK, read.Status);
        Assert.Equal(JsonValueKind.Number, read.Data.GetProperty("cacheTTL").ValueKind);
        Assert.Equal((HttpStatusCode.Forbidden, "FORBIDDEN"), (switched.Status, switched.Code));
        Assert.Equal(HttpStatusCode.Forbidden, health.Status);
    }
}
