namespace DataAccess.Validation;

// The bounds every input is held to unless a field declares its own with [MaxLength] or
// [Range]; the README's input limits table lists them.
public static class InputLimits
{
    // A string field without a declared length: identifiers, names of things, hosts, models.
    public const int DefaultTextLength = 256;

    // A list or map without a declared count.
    public const int DefaultItemCount = 100;

    // Records of a usage batch, operations of a transaction batch.
    public const int MaxBatchItems = 10_000;

    // Free text: descriptions, error messages.
    public const int LongTextLength = 2000;

    // OAuth access, refresh and id tokens (JWTs of a few kilobytes at most).
    public const int TokenLength = 16_384;

    // A string inside a free-form JSON value (session data, batch operation values).
    public const int JsonTextLength = 65_536;

    // Token counts of one usage record: a thousand times the largest context window, so that
    // a key's lifetime sums (bigint) cannot overflow from records within this bound.
    public const long MaxTokens = 1_000_000_000;

    // Requests one usage record may count.
    public const int MaxRequestCount = 1_000_000;

    // USD of one usage record; the sums are numeric(20, 10), which holds less than 10^10.
    public const double MaxCost = 100_000;
}
