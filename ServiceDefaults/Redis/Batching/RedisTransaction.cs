namespace ServiceDefaults.Redis;

// Commands run atomically with MULTI ... EXEC: all of them, with no other client's
// command in between. They are written back to back, so other callers sharing the
// connection cannot slip a command into the block.
//
//   var tx = redis.CreateTransaction();
//   var total = tx.HashIncrementAsync("usage:key", "requests");
//   _ = tx.ExpireAsync("usage:key", TimeSpan.FromDays(32));
//   await tx.ExecuteAsync();
//
// If a command is rejected while queueing (unknown command, wrong number of arguments),
// Redis discards the whole transaction: ExecuteAsync and every command fail. A command
// that fails while executing (WRONGTYPE) fails alone; the others still apply, as in Redis.
public sealed class RedisTransaction : IRedisCommands
{
    private readonly RedisClient _client;
    private readonly List<(RedisCommand Command, PendingReply Reply)> _commands = [];
    private bool _executed;

    internal RedisTransaction(RedisClient client)
    {
        _client = client;
    }

    public int Count => _commands.Count;

    public async Task ExecuteAsync(CancellationToken cancellationToken = default)
    {
        if (_executed)
        {
            throw new InvalidOperationException("This transaction has already been executed; create a new one.");
        }

        _executed = true;
        if (_commands.Count == 0)
        {
            return;
        }

        var commands = _commands.Select(entry => entry.Reply).ToArray();
        var exec = new PendingReply<bool>(CommandName.Exec, new ExecReplyParser(commands), cancellationToken);
        var wire = new List<(RedisCommand, PendingReply)>(_commands.Count + 2)
        {
            (new RedisCommand(CommandName.Multi), new PendingReply<bool>(CommandName.Multi, ReplyParsers.Ok, CancellationToken.None)),
        };
        wire.AddRange(_commands.Select(entry => (entry.Command, (PendingReply)new QueuedReply(entry.Reply))));
        wire.Add((new RedisCommand(CommandName.Exec), exec));
        exec.Observer = new FailCommandsOnError(commands);

        await _client.SendAllAsync(wire, exec.Task.AsTask(), cancellationToken);
    }

    ValueTask<T> IRedisCommands.SendAsync<T>(in RedisCommand command, ReplyParser<T> parser, CancellationToken cancellationToken)
    {
        if (_executed)
        {
            throw new InvalidOperationException("This transaction has already been executed; create a new one.");
        }

        var reply = new PendingReply<T>(command.Name, parser, cancellationToken);
        _commands.Add((command, reply));
        return reply.Task;
    }

    // The +QUEUED acknowledgement of one command inside MULTI. An error here means Redis
    // will abort the transaction; the command learns why at once.
    private sealed class QueuedReply(PendingReply command) : PendingReply(command.Command)
    {
        protected override void SetResult(ref RespReader reader) => reader.Skip();

        protected override void SetFailure(Exception exception) => command.Fail(exception);
    }

    // EXEC's reply holds each command's reply in order; each goes to its own parser.
    private sealed class ExecReplyParser(PendingReply[] commands) : ReplyParser<bool>
    {
        public override bool Parse(ref RespReader reader)
        {
            if (reader.IsNull())
            {
                throw new RedisException("The transaction was aborted by the server.");
            }

            var count = reader.ReadArrayLength();
            for (var i = 0; i < count && i < commands.Length; i++)
            {
                commands[i].Complete(reader.ReadElement());
            }

            return true;
        }
    }

    private sealed class FailCommandsOnError(PendingReply[] commands) : IReplyObserver
    {
        public void OnReplyCompleted(Exception? exception)
        {
            if (exception is null)
            {
                return;
            }

            foreach (var command in commands)
            {
                command.Fail(exception);
            }
        }
    }
}
