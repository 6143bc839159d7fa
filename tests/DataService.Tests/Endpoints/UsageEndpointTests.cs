using System.Net;
using DataService.Tests.Support;

namespace DataService.Tests.Endpoints;

public sealed class UsageEndpointTests(DataServiceFactory factory) : IClassFixture<DataServiceFactory>
{
    private static readonly DateTimeOffset Morning = new(2026, 3, 10, 2, 30, 0, TimeSpan.Zero);

    [Fact]
    public async Task Batches_are_recorded_and_read_back_as_stats_and_cost_analysis()
    {
        var key = (await factory.Admin().PostApiAsync("/api/v1/apikeys", new { name = "usage" })).Data.GetProperty("id").GetString();
        var records = Enumerable.Range(0, 10).Select(i => new
        {
            apiKeyId = key,
            model = i % 2 == 0 ? "even-model" : "odd-model",
            inputTokens = 10,
            cost = 0.5,
            timestamp = Morning.AddHours(i),
        });

        var recorded = await factory.Gateway().PostApiAsync("/api/v1/usage/batch", new { records });
        Assert.True(recorded.Success, recorded.Error);

        var query = $"apiKeyId={key}&startDate={Uri.EscapeDataString(Morning.AddDays(-1).ToString("O"))}&endDate={Uri.EscapeDataString(Morning.AddDays(2).ToString("O"))}";
        var stats = await ApiKeyEndpointTests.PollAsync(
            () => factory.Admin().GetApiAsync($"/api/v1/usage/stats?{query}&granularity=day&groupBy=model"),
            response => response.Data.GetProperty("summary").GetProperty("totalRequests").GetInt64() == 10);
        Assert.Equal(5m, stats.Data.GetProperty("summary").GetProperty("totalCost").GetDecimal());
        Assert.True(stats.Data.GetProperty("stats")[0].GetProperty("groups").TryGetProperty("even-model", out _));

        var analysis = await factory.Admin().GetApiAsync($"/api/v1/usage/cost-analysis?{query}&groupBy=model");
        Assert.Equal(2, analysis.Data.GetProperty("costBreakdown").GetArrayLength());
        Assert.Equal(50m, analysis.Data.GetProperty("costBreakdown")[0].GetProperty("percentage").GetDecimal());

        var cleanup = await factory.Admin().PostApiAsync("/api/v1/usage/cleanup", new { retentionDays = 3650 });
        Assert.True(cleanup.Success);
        Assert.Equal(0, cleanup.Data.GetProperty("deletedRecords").GetInt64());
    }

    [Fact]
    public async Task Bad_records_name_the_offending_field()
    {
        var response = await factory.Gateway().PostApiAsync("/api/v1/usage/batch", new
        {
            records = new[] { new { apiKeyId = Guid.NewGuid(), model = "m", inputTokens = 1 }, new { apiKeyId = Guid.NewGuid(), model = "m", inputTokens = -1 } },
        });

        Assert.Equal((HttpStatusCode.BadRequest, "records[1].inputTokens"), (response.Status, response.Field));
    }
}
