using DataService.Tests.Support;
using StackExchange.Redis;

namespace DataService.Tests.Faults;

// Steps every scenario takes: a key to record usage for, and (write-behind) waiting until
// the usage stream has been written out.
public static class FaultSteps
{
    public const string UsageStream = "crs2:usage:stream";
    public const string DeadLetters = "crs2:usage:dead-letter";
    public const string ConsumerGroup = "usage-writers";

    public static async Task<Guid> CreateKeyAsync(HttpClient admin)
    {
        var created = await admin.PostApiAsync("/api/v1/apikeys", new { name = "fault-suite" });
        Assert.True(created.Success, created.Error);
        return created.Data.GetProperty("id").GetGuid();
    }

    // Entries in the usage stream, and those a consumer read but has not acknowledged.
    public static async Task<(long Entries, long Pending)> StreamStateAsync(IDatabase redis)
    {
        var entries = await redis.StreamLengthAsync(UsageStream);
        try
        {
            return (entries, (await redis.StreamPendingAsync(UsageStream, ConsumerGroup)).PendingMessageCount);
        }
        catch (RedisServerException exception) when (exception.Message.StartsWith("NOGROUP", StringComparison.Ordinal))
        {
            return (entries, 0);
        }
    }

    public static async Task WaitUntilAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Waited 60 s in vain until {what}.");
            }

            await Task.Delay(50);
        }
    }

    // Returns once every entry was written to PostgreSQL (and deleted) or set aside.
    public static async Task WaitForStreamDrainedAsync(string redisEndpoint)
    {
        await using var connection = await ConnectionMultiplexer.ConnectAsync(redisEndpoint);
        var redis = connection.GetDatabase();
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (await StreamStateAsync(redis) is var state && (state.Entries > 0 || state.Pending > 0))
        {
            if (DateTime.UtcNow > deadline)
            {
                // Entries older than the group's last delivered id were delivered and acknowledged
                // but not deleted; newer ones were never read.
                var group = (await redis.StreamGroupInfoAsync(UsageStream)).Single(info => info.Name == ConsumerGroup);
                var oldest = (await redis.StreamRangeAsync(UsageStream, count: 1)).Single().Id;
                var newest = (await redis.StreamRangeAsync(UsageStream, count: 1, messageOrder: Order.Descending)).Single().Id;
                throw new TimeoutException(
                    $"The usage stream still holds {state.Entries} entries ({state.Pending} pending) after 90 s: ids {oldest} to {newest}; " +
                    $"the group's last delivered id is {group.LastDeliveredId}, {group.ConsumerCount} consumers.");
            }

            await Task.Delay(100);
        }
    }
}
