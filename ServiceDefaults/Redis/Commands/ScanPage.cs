namespace ServiceDefaults.Redis;

public sealed record ScanPage(long Cursor, string[] Keys)
{
    internal static readonly ReplyParser<ScanPage> Parser = new DelegateReplyParser<ScanPage>(
        static (ref reader) =>
        {
            reader.ReadArrayLength();
            var cursor = reader.ReadInteger();
            return new ScanPage(cursor, ReplyParsers.ReadStrings(ref reader));
        });
}
