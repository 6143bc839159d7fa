namespace ServiceDefaults.Redis;

// A command and its arguments, none of them nil. Up to three arguments are held inline, so the most common
// commands (GET, SET, HGET, INCRBY, EXPIRE, ...) need no argument array.
internal readonly struct RedisCommand
{
    private readonly RedisValue _arg0;
    private readonly RedisValue _arg1;
    private readonly RedisValue _arg2;
    private readonly RedisValue[]? _args;

    public RedisCommand(CommandName name)
    {
        Name = name;
    }

    public RedisCommand(CommandName name, RedisValue arg0)
    {
        EnsureNotNull(arg0);
        Name = name;
        _arg0 = arg0;
        ArgumentCount = 1;
    }

    public RedisCommand(CommandName name, RedisValue arg0, RedisValue arg1)
    {
        EnsureNotNull(arg0);
        EnsureNotNull(arg1);
        Name = name;
        _arg0 = arg0;
        _arg1 = arg1;
        ArgumentCount = 2;
    }

    public RedisCommand(CommandName name, RedisValue arg0, RedisValue arg1, RedisValue arg2)
    {
        EnsureNotNull(arg0);
        EnsureNotNull(arg1);
        EnsureNotNull(arg2);
        Name = name;
        _arg0 = arg0;
        _arg1 = arg1;
        _arg2 = arg2;
        ArgumentCount = 3;
    }

    public RedisCommand(CommandName name, RedisValue[] args)
    {
        foreach (var arg in args)
        {
            EnsureNotNull(arg);
        }

        Name = name;
        _args = args;
        ArgumentCount = args.Length;
    }

    public CommandName Name { get; }

    public int ArgumentCount { get; }

    public RedisValue this[int index] => _args is not null ? _args[index] : index switch
    {
        0 => _arg0,
        1 => _arg1,
        2 => _arg2,
        _ => throw new ArgumentOutOfRangeException(nameof(index)),
    };

    // Checked before anything is written: a command must never reach the connection half
    // encoded, or every reply after it would be mismatched.
    private static void EnsureNotNull(RedisValue value)
    {
        if (value.IsNull)
        {
            throw new ArgumentException("A Redis command argument cannot be null.");
        }
    }
}
