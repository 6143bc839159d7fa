using DataAccess.ApiKeys;
using DataAccess.Remote;
using DataAccess.Usage;
using Microsoft.Extensions.DependencyInjection;

namespace DataService.Tests.Remote;

// The remote backend gives usage its event id and timestamp before sending, so a POST that
// is sent again after its answer was lost records nothing twice. The services send no POST
// again; it is turned on here to make the resilience handler send them again.
public sealed class RemoteUsageRetryTests(RemoteBackendFixture fixture) : IClassFixture<RemoteBackendFixture>
{
    [Fact]
    public async Task Usage_sent_again_after_its_answer_was_lost_counts_once()
    {
        var key = (await fixture.ApiKeys.CreateApiKeyAsync(new CreateApiKeyRequest { Name = "retried" })).Unwrap().Id;
        var answers = new LostFirstAnswers();
        using var gateway = fixture.BuildHost(
            overrides: null,
            configure: builder =>
            {
                builder.UseFastRetries(DataServiceClientResilience.RetryEveryMethod);
                builder.Services.AddHttpClient(DataServiceClient.HttpClientName).AddHttpMessageHandler(answers.CreateHandler);
            });
        var usage = gateway.Services.GetRequiredService<IUsageStore>();
        var keys = gateway.Services.GetRequiredService<IApiKeyStore>();

        (await usage.RecordUsageAsync(new UsageRecord { ApiKeyId = key, Model = "m", InputTokens = 1, Cost = 1m })).EnsureSuccess();
        (await usage.RecordUsageBatchAsync(
        [
            new UsageRecord { ApiKeyId = key, Model = "m", InputTokens = 2, Cost = 2m },
            new UsageRecord { ApiKeyId = key, Model = "m", InputTokens = 4, Cost = 4m },
        ])).EnsureSuccess();
        (await keys.RecordApiKeyUsageAsync(key, new ApiKeyUsage { Model = "m", InputTokens = 8, Cost = 8m })).EnsureSuccess();
        await fixture.FlushUsageAsync();

        Assert.Equal(3, answers.Lost);
        Assert.Equal(4L, await fixture.QueryScalarAsync<long>("SELECT count(*) FROM usage_events WHERE api_key_id = $1", key));
        var costs = (await fixture.Usage.GetCostStatsAsync(key)).Unwrap();
        Assert.Equal(15m, costs.Total);
    }
}
