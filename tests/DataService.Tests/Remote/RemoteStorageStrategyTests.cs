using DataAccess;
using DataAccess.Storage;
using DataAccess.Tests.Contract;
using Microsoft.Extensions.DependencyInjection;

namespace DataService.Tests.Remote;

// GetStorageConfig answers from a snapshot of the DataService's strategies (see
// RemoteStorageStrategy); these show how current that snapshot is.
public sealed class RemoteStorageStrategyTests(RemoteBackendFixture fixture) : StorageStrategyContract<RemoteBackendFixture>(fixture)
{
    private IStorageStrategy InDataService => Fixture.DataService.Services.GetRequiredService<IStorageStrategy>();

    [Fact]
    public async Task The_config_is_the_DataServices_and_a_switch_made_here_shows_at_once()
    {
        var previous = Fixture.Storage.GetStorageConfig(DataType.Account);
        var changed = previous with { CacheTtlSeconds = 23, ReadStrategy = ReadStrategy.DatabaseFirst };
        try
        {
            Assert.Equal(InDataService.GetStorageConfig(DataType.Account), previous);

            var result = (await Fixture.Storage.SwitchStorageStrategyAsync(DataType.Account, changed)).Unwrap();

            Assert.Equal(new StorageSwitchResult(previous, changed), result);
            Assert.Equal(changed, Fixture.Storage.GetStorageConfig(DataType.Account));
            Assert.Equal(changed, InDataService.GetStorageConfig(DataType.Account));
        }
        finally
        {
            (await Fixture.Storage.SwitchStorageStrategyAsync(DataType.Account, previous)).Unwrap();
        }
    }

    [Fact]
    public async Task A_switch_made_by_another_process_shows_after_the_next_refresh()
    {
        var previous = Fixture.Storage.GetStorageConfig(DataType.ApiKey);
        var changed = previous with { CacheTtlSeconds = 29 };
        try
        {
            (await InDataService.SwitchStorageStrategyAsync(DataType.ApiKey, changed)).Unwrap();

            await WaitUntilAsync(() => Fixture.Storage.GetStorageConfig(DataType.ApiKey) == changed, "the switch never reached the snapshot");
        }
        finally
        {
            (await InDataService.SwitchStorageStrategyAsync(DataType.ApiKey, previous)).Unwrap();
            await WaitUntilAsync(() => Fixture.Storage.GetStorageConfig(DataType.ApiKey) == previous, "the switch back never reached the snapshot");
        }
    }

    [Fact]
    public async Task A_refused_switch_names_the_field_and_changes_nothing()
    {
        var before = Fixture.Storage.GetStorageConfig(DataType.ApiKey);

        var result = await Fixture.Storage.SwitchStorageStrategyAsync(DataType.ApiKey, new StorageConfig { WriteStrategy = WriteStrategy.WriteBehind });

        Assert.Equal((false, DatabaseErrorCode.InvalidQuery, "writeStrategy"), (result.Success, result.Code, result.Field));
        Assert.Equal(before, Fixture.Storage.GetStorageConfig(DataType.ApiKey));
        Assert.Equal(before, InDataService.GetStorageConfig(DataType.ApiKey));
    }

    [Fact]
    public async Task Health_reports_redis_as_the_DataService_sees_it()
    {
        var health = await Fixture.Storage.GetStorageHealthAsync();

        Assert.True(health.Redis.Connected);
        Assert.True(health.Redis.Memory.Used > 0);
    }

    private static async Task WaitUntilAsync(Func<bool> condition, string failure)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"After 30 s {failure}.");
            await Task.Delay(50);
        }
    }
}
