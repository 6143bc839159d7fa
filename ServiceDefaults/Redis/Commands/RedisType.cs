namespace ServiceDefaults.Redis;

// What TYPE reports for a key.
public enum RedisType
{
    None,
    String,
    Hash,
    List,
    Set,
    SortedSet,
    Stream,
    Unknown,
}
