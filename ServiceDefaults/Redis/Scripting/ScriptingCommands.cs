namespace ServiceDefaults.Redis;

public static class ScriptingCommands
{
    // Sends the script's source (EVAL). Use this inside batches and transactions, where a
    // failed EVALSHA could not be retried; RedisClient.ScriptEvaluateAsync uses EVALSHA.
    public static ValueTask<RedisResult> EvalAsync(
        this IRedisCommands redis, LuaScript script, RedisValue[]? keys = null, RedisValue[]? arguments = null, CancellationToken cancellationToken = default) =>
        redis.EvalAsync(script.Source, keys, arguments, cancellationToken);

    public static ValueTask<RedisResult> EvalAsync(
        this IRedisCommands redis, string script, RedisValue[]? keys = null, RedisValue[]? arguments = null, CancellationToken cancellationToken = default) =>
        redis.SendAsync(EvalCommand(CommandName.Eval, script, keys, arguments), ReplyParsers.Result, cancellationToken);

    // Loads a script into the server's cache and returns its SHA1.
    public static ValueTask<string?> ScriptLoadAsync(this IRedisCommands redis, string script, CancellationToken cancellationToken = default) =>
        redis.SendAsync(new RedisCommand(CommandName.Script, "LOAD", script), ReplyParsers.String, cancellationToken);

    internal static RedisCommand EvalCommand(CommandName name, string scriptOrSha, RedisValue[]? keys, RedisValue[]? arguments)
    {
        keys ??= [];
        arguments ??= [];
        return new RedisCommand(name, [scriptOrSha, keys.Length, .. keys, .. arguments]);
    }
}
