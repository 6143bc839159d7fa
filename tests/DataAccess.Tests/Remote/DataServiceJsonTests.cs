using System.Text.Json;
using DataAccess.ApiKeys;
using DataAccess.Remote;
using DataAccess.Storage;
using DataAccess.Usage;

namespace DataAccess.Tests.Remote;

public sealed class DataServiceJsonTests
{
    [Fact]
    public void A_partial_update_carries_only_the_fields_it_sets_and_explicit_nulls()
    {
        var update = new ApiKeyUpdate { Name = "renamed", ExpiresAt = (DateTimeOffset?)null };

        var json = JsonSerializer.Serialize(update, DataServiceJson.Options);

        Assert.Equal("""{"name":"renamed","expiresAt":null}""", json);
    }

    [Fact]
    public void Enums_travel_by_their_wire_names()
    {
        Assert.Equal("apikey", DataServiceJson.NameOf(DataType.ApiKey));
        Assert.Equal("apikey", DataServiceJson.NameOf(UsageGroupBy.ApiKey));
        Assert.Equal("asc", DataServiceJson.NameOf(SortOrder.Asc));
        Assert.Equal("hour", DataServiceJson.NameOf(Granularity.Hour));
    }
}
