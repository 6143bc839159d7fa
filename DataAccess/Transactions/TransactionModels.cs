using System.ComponentModel.DataAnnotations;

using System.Text.Json;
using System.Text.Json.Serialization;

namespace DataAccess.Transactions;

public sealed record TransactionOptions
{
    public TransactionIsolation IsolationLevel { get; init; } = TransactionIsolation.ReadCommitted;

    public bool ReadOnly { get; init; }

    // Milliseconds an open transaction may live before it is rolled back; the configured
    // default when absent.
    [Range(1, int.MaxValue)]
    public int? Timeout { get; init; }
}

[JsonConverter(typeof(JsonStringEnumConverter<TransactionIsolation>))]
public enum TransactionIsolation
{
    [JsonStringEnumMemberName("READ_COMMITTED")]
    ReadCommitted,

    [JsonStringEnumMemberName("SERIALIZABLE")]
    Serializable,
}

public sealed record TransactionHandle(string TransactionId, DateTimeOffset ExpiresAt);

public sealed record BatchOperation
{
    public required BatchOperationType Type { get; init; }

    public required string Table { get; init; }

    // Column values to insert or set.
    public IReadOnlyDictionary<string, JsonElement>? Data { get; init; }

    // Column = value conditions, all of which must hold. Required for update and delete.
    public IReadOnlyDictionary<string, JsonElement>? Where { get; init; }
}

[JsonConverter(typeof(JsonStringEnumConverter<BatchOperationType>))]
public enum BatchOperationType
{
    [JsonStringEnumMemberName("create")]
    Create,

    [JsonStringEnumMemberName("update")]
    Update,

    [JsonStringEnumMemberName("delete")]
    Delete,
}

public sealed record BatchResult(IReadOnlyList<BatchOperationResult> Results);

public sealed record BatchOperationResult(BatchOperationType Type, string Table, int AffectedRows);
