namespace ServiceDefaults.Redis;

// Turns one reply (never an error reply: those fail the command before parsing) into the
// result type of a command.
internal abstract class ReplyParser<T>
{
    public abstract T Parse(ref RespReader reader);
}

internal sealed class DelegateReplyParser<T>(DelegateReplyParser<T>.ParseFunc parse) : ReplyParser<T>
{
    public delegate T ParseFunc(ref RespReader reader);

    public override T Parse(ref RespReader reader) => parse(ref reader);
}
