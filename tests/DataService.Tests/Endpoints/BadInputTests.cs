using System.Net;
using DataService.Tests.Support;

namespace DataService.Tests.Endpoints;

// Every kind of bad request is a 400 (or 413) in the envelope with what was wrong, never a 500.
public sealed class BadInputTests(BadInputTests.SmallBodyFactory factory) : IClassFixture<BadInputTests.SmallBodyFactory>
{
    private readonly HttpClient _admin = factory.Admin();

    [Fact]
    public async Task Malformed_json_is_a_bad_request()
    {
        var response = await _admin.PostRawAsync("/api/v1/apikeys", """{"name": "x",""");

        Assert.Equal((HttpStatusCode.BadRequest, "DB_INVALID_QUERY"), (response.Status, response.Code));
        Assert.Contains("not valid JSON", response.Error);
    }

    [Fact]
    public async Task A_wrong_type_names_the_field()
    {
        var response = await _admin.PostRawAsync("/api/v1/apikeys", """{"name": "x", "limits": {"concurrencyLimit": "three"}}""");

        Assert.Equal((HttpStatusCode.BadRequest, "limits.concurrencyLimit"), (response.Status, response.Field));
    }

    [Fact]
    public async Task An_unknown_field_is_refused_rather_than_ignored()
    {
        var response = await _admin.PostRawAsync("/api/v1/apikeys", """{"name": "x", "tokenLimt": 5}""");

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal("Unknown field 'tokenLimt'.", response.Error);
    }

    [Fact]
    public async Task A_missing_required_field_is_a_bad_request()
    {
        var response = await _admin.PostRawAsync("/api/v1/apikeys", "{}");

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Contains("name", response.Error);
    }

    [Fact]
    public async Task A_validation_failure_names_the_field()
    {
        var response = await _admin.PostApiAsync("/api/v1/apikeys", new { name = "x", limits = new { concurrencyLimit = -1 } });

        Assert.Equal((HttpStatusCode.BadRequest, "DB_INVALID_QUERY", "limits.concurrencyLimit"), (response.Status, response.Code, response.Field));
    }

    [Theory]
    [InlineData("/api/v1/apikeys?limit=abc")]
    [InlineData("/api/v1/usage/stats?startDate=yesterday&endDate=2026-01-01")]
    [InlineData("/api/v1/usage/stats?startDate=2026-01-01&endDate=2026-01-02&granularity=week")]
    [InlineData("/api/v1/storage/strategies/everything")]
    public async Task Unbindable_query_and_route_values_are_bad_requests(string path)
    {
        var response = await _admin.GetApiAsync(path);

        Assert.Equal((HttpStatusCode.BadRequest, "DB_INVALID_QUERY"), (response.Status, response.Code));
        Assert.False(response.Success);
    }

    [Fact]
    public async Task Start_after_end_is_a_bad_request()
    {
        var response = await _admin.GetApiAsync("/api/v1/usage/stats?startDate=2026-02-01T00:00:00Z&endDate=2026-01-01T00:00:00Z");

        Assert.Equal((HttpStatusCode.BadRequest, "startDate"), (response.Status, response.Field));
    }

    [Fact]
    public async Task An_oversized_body_is_refused()
    {
        var response = await _admin.PostApiAsync("/api/v1/apikeys", new { name = "x", description = new string('d', 8000) });

        Assert.Equal((HttpStatusCode.RequestEntityTooLarge, "PAYLOAD_TOO_LARGE"), (response.Status, response.Code));
    }

    public sealed class SmallBodyFactory : DataServiceFactory
    {
        protected override IReadOnlyDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>
        {
            ["DataService:MaxRequestBodyBytes"] = "4096",
        };
    }
}
