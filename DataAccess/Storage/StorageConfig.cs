using System.Text.Json.Serialization;

namespace DataAccess.Storage;

public sealed record StorageConfig
{
    public PrimaryStorage PrimaryStorage { get; init; } = PrimaryStorage.Postgres;

    public bool EnableCache { get; init; } = true;

    [JsonPropertyName("cacheTTL")]
    public int CacheTtlSeconds { get; init; } = 300;

    public ReadStrategy ReadStrategy { get; init; } = ReadStrategy.CacheFirst;

    public WriteStrategy WriteStrategy { get; init; } = WriteStrategy.WriteThrough;
}

[JsonConverter(typeof(JsonStringEnumConverter<DataType>))]
public enum DataType
{
    [JsonStringEnumMemberName("apikey")]
    ApiKey,

    [JsonStringEnumMemberName("account")]
    Account,

    [JsonStringEnumMemberName("usage")]
    Usage,

    [JsonStringEnumMemberName("session")]
    Session,
}

[JsonConverter(typeof(JsonStringEnumConverter<PrimaryStorage>))]
public enum PrimaryStorage
{
    [JsonStringEnumMemberName("postgres")]
    Postgres,

    [JsonStringEnumMemberName("redis")]
    Redis,
}

[JsonConverter(typeof(JsonStringEnumConverter<ReadStrategy>))]
public enum ReadStrategy
{
    [JsonStringEnumMemberName("cache_first")]
    CacheFirst,

    [JsonStringEnumMemberName("database_first")]
    DatabaseFirst,

    [JsonStringEnumMemberName("cache_only")]
    CacheOnly,
}

[JsonConverter(typeof(JsonStringEnumConverter<WriteStrategy>))]
public enum WriteStrategy
{
    [JsonStringEnumMemberName("write_through")]
    WriteThrough,

    [JsonStringEnumMemberName("write_behind")]
    WriteBehind,

    [JsonStringEnumMemberName("write_around")]
    WriteAround,
}
