using StackExchange.Redis;

namespace DataAccess.Redis;

// How a consumer of a usage stream lets go of entries it has written: acknowledged and
// deleted in one MULTI/EXEC, because an entry acknowledged but left in the stream (the
// process killed between two commands) would be read by no one again.
public static class StreamEntryRemoval
{
    public static async Task AcknowledgeAndDeleteAsync(this IDatabase database, RedisKey stream, RedisValue group, RedisValue[] ids)
    {
        var transaction = database.CreateTransaction();
        var acknowledged = transaction.StreamAcknowledgeAsync(stream, group, ids);
        var deleted = transaction.StreamDeleteAsync(stream, ids);
        await transaction.ExecuteAsync();
        await Task.WhenAll(acknowledged, deleted);
    }
}
