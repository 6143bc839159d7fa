namespace ServiceDefaults.Redis;

// Commands collected and then sent together, back to back, in one round trip. Not atomic
// (other clients' commands may run in between on the server): use a transaction for that.
//
//   var batch = redis.CreateBatch();
//   var visits = batch.IncrementAsync("visits");
//   var ttl = batch.ExpireAsync("visits", TimeSpan.FromDays(1));
//   await batch.ExecuteAsync();
//   long count = await visits;
//
// A batch is built by one caller and executed once.
public sealed class RedisBatch : IRedisCommands
{
    private readonly RedisClient _client;
    private readonly List<(RedisCommand Command, PendingReply Reply)> _commands = [];
    private bool _executed;

    internal RedisBatch(RedisClient client)
    {
        _client = client;
    }

    public int Count => _commands.Count;

    // Completes when every command has its reply. A command's own error does not fail the
    // batch: it surfaces from that command's task. Throws only if nothing could be sent.
    public Task ExecuteAsync(CancellationToken cancellationToken = default)
    {
        EnsureNotExecuted();
        _executed = true;
        var countdown = new ReplyCountdown(_commands.Count);
        foreach (var (_, reply) in _commands)
        {
            reply.Observer = countdown;
        }

        return _client.SendAllAsync(_commands, countdown.Task, cancellationToken);
    }

    ValueTask<T> IRedisCommands.SendAsync<T>(in RedisCommand command, ReplyParser<T> parser, CancellationToken cancellationToken)
    {
        EnsureNotExecuted();
        var reply = new PendingReply<T>(command.Name, parser, cancellationToken);
        _commands.Add((command, reply));
        return reply.Task;
    }

    private void EnsureNotExecuted()
    {
        if (_executed)
        {
            throw new InvalidOperationException("This batch has already been executed; create a new one.");
        }
    }
}
