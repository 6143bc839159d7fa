using DataAccess.Storage;

namespace DataAccess.Transactions;

// A table batch operations may touch: which operations, which columns, of which types.
// Nothing outside this list ever reaches SQL text.
public sealed record BatchTable(string Name, DataType? CachedAs, IReadOnlySet<BatchOperationType> Operations, IReadOnlyDictionary<string, BatchColumn> Columns);

public sealed record BatchColumn(BatchColumnType Type, bool Nullable = false);

public enum BatchColumnType
{
    Uuid,
    Text,
    Integer,
    BigInteger,
    Numeric,
    Double,
    Boolean,
    Timestamp,
    TextArray,
}
