using System.Net;
using DataService.Tests.Support;

namespace DataService.Tests.Endpoints;

public sealed class StorageAndTransactionEndpointTests(DataServiceFactory factory) : IClassFixture<DataServiceFactory>
{
    private readonly HttpClient _admin = factory.Admin();

    [Fact]
    public async Task Strategies_are_read_and_switched_per_data_type()
    {
        var before = await _admin.GetApiAsync("/api/v1/storage/strategies/account");
        Assert.Equal("cache_first", before.Data.GetProperty("readStrategy").GetString());

        var switched = await _admin.PutApiAsync("/api/v1/storage/strategies/account", new
        {
            primaryStorage = "postgres",
            enableCache = true,
            cacheTTL = 30,
            readStrategy = "database_first",
            writeStrategy = "write_through",
        });

        Assert.True(switched.Success, switched.Error);
        Assert.Equal("cache_first", switched.Data.GetProperty("previousStrategy").GetProperty("readStrategy").GetString());
        Assert.Equal(30, (await _admin.GetApiAsync("/api/v1/storage/strategies/account")).Data.GetProperty("cacheTTL").GetInt32());
        var refused = await _admin.PutApiAsync("/api/v1/storage/strategies/account", new { writeStrategy = "write_behind" });
        Assert.Equal((HttpStatusCode.BadRequest, "writeStrategy"), (refused.Status, refused.Field));
    }

    [Fact]
    public async Task Health_reports_both_stores()
    {
        var health = await _admin.GetApiAsync("/api/v1/storage/health");

        Assert.True(health.Data.GetProperty("postgres").GetProperty("connected").GetBoolean());
        Assert.True(health.Data.GetProperty("redis").GetProperty("connected").GetBoolean());
    }

    [Fact]
    public async Task A_transaction_carries_its_id_through_batches_to_commit()
    {
        var key = (await _admin.PostApiAsync("/api/v1/apikeys", new { name = "in-transaction" })).Data.GetProperty("id").GetString();
        var begun = await _admin.PostApiAsync("/api/v1/transactions", new { isolationLevel = "SERIALIZABLE", timeout = 10_000 });
        Assert.Equal(HttpStatusCode.Created, begun.Status);
        var transaction = begun.Data.GetProperty("transactionId").GetString();

        var batch = await _admin.PostApiAsync($"/api/v1/transactions/{transaction}/batch", new
        {
            operations = new[] { new { type = "update", table = "api_keys", data = new { name = "renamed-in-transaction" }, where = new { id = key } } },
        });
        Assert.Equal(1, batch.Data.GetProperty("results")[0].GetProperty("affectedRows").GetInt32());
        Assert.Equal("in-transaction", (await _admin.GetApiAsync($"/api/v1/apikeys/{key}")).Data.GetProperty("name").GetString());

        Assert.True((await _admin.PostApiAsync($"/api/v1/transactions/{transaction}/commit")).Success);
        Assert.Equal("renamed-in-transaction", (await _admin.GetApiAsync($"/api/v1/apikeys/{key}")).Data.GetProperty("name").GetString());
    }

    [Fact]
    public async Task A_transaction_whose_client_disappears_is_rolled_back_at_its_timeout()
    {
        var key = (await _admin.PostApiAsync("/api/v1/apikeys", new { name = "abandoned" })).Data.GetProperty("id").GetString();
        var begun = (await _admin.PostApiAsync("/api/v1/transactions", new { timeout = 300 })).Data;
        var transaction = begun.GetProperty("transactionId").GetString();
        await _admin.PostApiAsync($"/api/v1/transactions/{transaction}/batch", new
        {
            operations = new[] { new { type = "update", table = "api_keys", data = new { name = "never-committed" }, where = new { id = key } } },
        });

        // The client goes away; nothing touches the transaction until well after its timeout.
        var expiresAt = begun.GetProperty("expiresAt").GetDateTimeOffset();
        while (DateTimeOffset.UtcNow < expiresAt.AddSeconds(2))
        {
            await Task.Delay(100);
        }

        var commit = await _admin.PostApiAsync($"/api/v1/transactions/{transaction}/commit");

        Assert.Equal((HttpStatusCode.NotFound, "DB_RECORD_NOT_FOUND"), (commit.Status, commit.Code));
        Assert.Equal("abandoned", (await _admin.GetApiAsync($"/api/v1/apikeys/{key}")).Data.GetProperty("name").GetString());
    }

    [Fact]
    public async Task A_table_outside_the_allow_list_is_an_invalid_query_never_sql()
    {
        var response = await _admin.PostApiAsync("/api/v1/transactions/batch", new
        {
            operations = new[] { new { type = "delete", table = "pg_user; DROP TABLE api_keys", where = new { id = 1 } } },
        });

        Assert.Equal((HttpStatusCode.BadRequest, "operations[0].table"), (response.Status, response.Field));
    }
}
