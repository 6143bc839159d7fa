namespace ServiceDefaults.Redis;

// One stream entry. Fields is empty for an entry that was deleted while still pending.
public sealed record StreamEntry(string Id, IReadOnlyDictionary<string, RedisValue> Fields)
{
    public bool IsDeleted => Fields.Count == 0;

    internal static StreamEntry Read(ref RespReader reader)
    {
        reader.ReadArrayLength();
        var id = reader.ReadString() ?? string.Empty;
        if (reader.IsNull())
        {
            reader.Skip();
            return new StreamEntry(id, new Dictionary<string, RedisValue>());
        }

        return new StreamEntry(id, ReplyParsers.ReadHash(ref reader));
    }

    internal static StreamEntry[] ReadMany(ref RespReader reader)
    {
        var count = reader.ReadArrayLength();
        if (count <= 0)
        {
            return [];
        }

        var entries = new StreamEntry[count];
        for (var i = 0; i < count; i++)
        {
            entries[i] = Read(ref reader);
        }

        return entries;
    }
}
