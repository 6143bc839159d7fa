namespace ServiceDefaults.Redis;

// Bound from "Aspire:StackExchange:Redis" (and its ":{name}" subsection), the section the
// Aspire Redis integration reads, so configuration carries over unchanged.
public sealed class RedisClientSettings
{
    public string? ConnectionString { get; set; }

    public bool DisableHealthChecks { get; set; }

    public bool DisableTracing { get; set; }

    public bool DisableMetrics { get; set; }

    // When false, the client is created and starts connecting as the host starts, not on
    // first use.
    public bool DisableAutoActivation { get; set; } = true;

    public TimeSpan HealthCheckTimeout { get; set; } = TimeSpan.FromSeconds(5);
}
