namespace DataAccess.Resilience;

// Bound from "DataAccess:Retry". The defaults are the contract's (seed 003): three retries,
// exponential backoff from 1 s up to 10 s with jitter, and only for errors that may pass.
public sealed class RetryOptions
{
    public int MaxRetries { get; set; } = 3;

    public TimeSpan BaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromSeconds(10);

    public bool UseJitter { get; set; } = true;

    public List<string> RetryableCodes { get; set; } =
    [
        DatabaseErrorCode.ConnectionTimeout,
        DatabaseErrorCode.PoolExhausted,
        DatabaseErrorCode.QueryTimeout,
    ];
}
