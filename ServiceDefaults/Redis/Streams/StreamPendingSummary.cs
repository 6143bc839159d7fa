namespace ServiceDefaults.Redis;

// XPENDING's summary form: how many entries a group has delivered but not acknowledged.
public sealed record StreamPendingSummary(long Count, string? LowestId, string? HighestId, IReadOnlyDictionary<string, long> PerConsumer)
{
    internal static readonly ReplyParser<StreamPendingSummary> Parser = new DelegateReplyParser<StreamPendingSummary>(
        static (ref reader) =>
        {
            reader.ReadArrayLength();
            var count = reader.ReadInteger();
            var lowest = reader.ReadString();
            var highest = reader.ReadString();
            var consumers = new Dictionary<string, long>();
            var consumerCount = reader.ReadArrayLength();
            for (var i = 0; i < consumerCount; i++)
            {
                reader.ReadArrayLength();
                var name = reader.ReadString() ?? string.Empty;
                consumers[name] = reader.ReadInteger();
            }

            return new StreamPendingSummary(count, lowest, highest, consumers);
        });
}
