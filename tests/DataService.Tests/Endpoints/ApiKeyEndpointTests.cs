using System.Net;
using DataService.Tests.Support;

namespace DataService.Tests.Endpoints;

public sealed class ApiKeyEndpointTests(DataServiceFactory factory) : IClassFixture<DataServiceFactory>
{
    private readonly HttpClient _admin = factory.Admin();

    [Fact]
    public async Task A_key_is_created_validated_read_updated_listed_and_deleted()
    {
        var tag = $"t{Guid.NewGuid():N}";
        var created = await _admin.PostApiAsync("/api/v1/apikeys", new
        {
            name = "endpoint-key",
            tags = new[] { tag },
            limits = new { concurrencyLimit = 2, dailyCostLimit = 5.5 },
            permissions = "claude",
        });
        Assert.Equal(HttpStatusCode.Created, created.Status);
        var id = created.Data.GetProperty("id").GetString();
        Assert.StartsWith("cr_", created.Data.GetProperty("apiKey").GetString());

        var validated = await _admin.PostApiAsync("/api/v1/apikeys/validate", new { hashedKey = created.Data.GetProperty("hashedKey").GetString() });
        Assert.Equal(2, validated.Data.GetProperty("rateLimits").GetProperty("concurrency").GetInt32());
        Assert.Equal("active", validated.Data.GetProperty("status").GetString());

        var patched = await _admin.PatchApiAsync($"/api/v1/apikeys/{id}", new { description = "patched", expiresAt = (string?)null });
        Assert.Equal(("patched", "endpoint-key"), (patched.Data.GetProperty("description").GetString(), patched.Data.GetProperty("name").GetString()));

        var listed = await _admin.GetApiAsync($"/api/v1/apikeys?tags={tag}&permissions=claude&limit=10&sortBy=name&sortOrder=asc");
        Assert.Equal(1, listed.Data.GetProperty("total").GetInt32());
        Assert.Equal(id, listed.Data.GetProperty("keys")[0].GetProperty("id").GetString());

        Assert.True((await _admin.DeleteApiAsync($"/api/v1/apikeys/{id}")).Success);
        var gone = await _admin.DeleteApiAsync($"/api/v1/apikeys/{id}");
        Assert.Equal((HttpStatusCode.NotFound, "DB_RECORD_NOT_FOUND"), (gone.Status, gone.Code));
    }

    [Fact]
    public async Task Usage_recorded_for_a_key_shows_in_its_summary_and_costs()
    {
        var id = (await _admin.PostApiAsync("/api/v1/apikeys", new { name = "usage-key" })).Data.GetProperty("id").GetString();

        var recorded = await factory.Gateway().PostApiAsync($"/api/v1/apikeys/{id}/usage", new { model = "claude-sonnet-4-20250514", inputTokens = 10, outputTokens = 5, cost = 0.25 });
        Assert.Equal(HttpStatusCode.OK, recorded.Status);

        var summary = await PollAsync(() => factory.Gateway().GetApiAsync($"/api/v1/apikeys/{id}/usage/summary"), s => s.Data.GetProperty("total").GetProperty("requests").GetInt64() == 1);
        Assert.Equal(15, summary.Data.GetProperty("total").GetProperty("totalTokens").GetInt64());
        Assert.Equal(0.25m, (await factory.Gateway().GetApiAsync($"/api/v1/apikeys/{id}/usage/daily-cost")).Data.GetDecimal());
        Assert.Equal(0.25m, (await factory.Gateway().GetApiAsync($"/api/v1/apikeys/{id}/usage/costs")).Data.GetProperty("total").GetDecimal());
    }

    [Fact]
    public async Task A_duplicate_id_is_a_conflict()
    {
        var id = Guid.NewGuid();
        await _admin.PostApiAsync("/api/v1/apikeys", new { id, name = "first" });

        var second = await _admin.PostApiAsync("/api/v1/apikeys", new { id, name = "second" });

        Assert.Equal((HttpStatusCode.Conflict, "DB_DUPLICATE_KEY"), (second.Status, second.Code));
    }

    [Fact]
    public async Task A_constraint_violation_is_unprocessable()
    {
        var id = (await _admin.PostApiAsync("/api/v1/apikeys", new { name = "constrained" })).Data.GetProperty("id").GetString();

        var result = await _admin.PostApiAsync("/api/v1/transactions/batch", new
        {
            operations = new[] { new { type = "update", table = "api_keys", data = new { token_limit = -5 }, where = new { id } } },
        });

        Assert.Equal((HttpStatusCode.UnprocessableEntity, "DB_CONSTRAINT_VIOLATION"), (result.Status, result.Code));
    }

    internal static async Task<ApiResponse> PollAsync(Func<Task<ApiResponse>> request, Func<ApiResponse, bool> done)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            var response = await request();
            if (response.Success && done(response))
            {
                return response;
            }

            Assert.True(DateTime.UtcNow < deadline, $"condition not met; last answer {response.Status} {response.Body}");
            await Task.Delay(50);
        }
    }
}
