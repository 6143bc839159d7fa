namespace ServiceDefaults.Redis;

// What XAUTOCLAIM returns: where to continue, the entries now owned by the caller, and the
// ids of pending entries whose data was deleted (Redis 7 removes those from the PEL).
public sealed record StreamAutoClaimResult(string NextStartId, StreamEntry[] Entries, string[] DeletedIds)
{
    internal static readonly ReplyParser<StreamAutoClaimResult> Parser = new DelegateReplyParser<StreamAutoClaimResult>(
        static (ref reader) =>
        {
            var parts = reader.ReadArrayLength();
            var next = reader.ReadString() ?? "0-0";
            var entries = StreamEntry.ReadMany(ref reader);
            var deleted = parts > 2 ? ReplyParsers.ReadStrings(ref reader) : [];
            return new StreamAutoClaimResult(next, entries.Where(entry => !entry.IsDeleted).ToArray(), deleted);
        });
}
