using ServiceDefaults.Redis;
using TestSupport;

namespace ServiceDefaults.Tests.Redis;

// One client to the shared test server for a whole test class. Tests keep to keys under
// their own random prefix, so they never see each other's data.
public sealed class SharedRedisFixture : IAsyncLifetime
{
    public RedisClient Client { get; private set; } = null!;

    public async Task InitializeAsync() =>
        Client = await RedisClient.ConnectAsync(TestServers.Redis + ",abortConnect=true");

    public async Task DisposeAsync() => await Client.DisposeAsync();

    public static string UniqueKey(string name = "key") => $"test:{Guid.NewGuid():N}:{name}";
}
