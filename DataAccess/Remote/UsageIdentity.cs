using DataAccess.ApiKeys;
using DataAccess.Usage;

namespace DataAccess.Remote;

// Usage gets its event id and timestamp here, before it is sent, not on the server: a POST
// that reached the DataService but whose answer was lost may be sent again, and only the
// same id and time (together the key of a usage event) make the server count it once.
internal static class UsageIdentity
{
    public static UsageRecord Fix(UsageRecord record, DateTimeOffset now) =>
        record with { EventId = record.EventId ?? Guid.CreateVersion7(now), Timestamp = record.Timestamp ?? now };

    public static ApiKeyUsage Fix(ApiKeyUsage usage, DateTimeOffset now) =>
        usage with { EventId = usage.EventId ?? Guid.CreateVersion7(now), Timestamp = usage.Timestamp ?? now };
}
