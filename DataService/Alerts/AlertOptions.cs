namespace DataService.Alerts;

// Bound from "DataService:Monitoring": how alert rules are evaluated and notified.
public sealed class AlertOptions
{
    public TimeSpan AlertEvaluationInterval { get; set; } = TimeSpan.FromSeconds(10);

    // The recent window a rule's metric is computed over, as getPerformanceMetrics computes
    // a time range (so with 1-minute buckets, at least the last one to two minutes).
    public TimeSpan AlertWindow { get; set; } = TimeSpan.FromMinutes(1);

    // Attempts per notification, the first included; the wait doubles after each failure.
    public int WebhookMaxAttempts { get; set; } = 5;

    public TimeSpan WebhookRetryBaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    public TimeSpan WebhookRetryMaxDelay { get; set; } = TimeSpan.FromMinutes(1);

    // One attempt; a webhook that has not answered by then failed this attempt.
    public TimeSpan WebhookTimeout { get; set; } = TimeSpan.FromSeconds(10);

    public string? Validate() =>
        AlertEvaluationInterval <= TimeSpan.Zero ? "AlertEvaluationInterval must be positive."
        : AlertWindow <= TimeSpan.Zero ? "AlertWindow must be positive."
        : WebhookMaxAttempts < 1 ? "WebhookMaxAttempts must be at least 1."
        : WebhookRetryBaseDelay < TimeSpan.Zero || WebhookRetryMaxDelay < WebhookRetryBaseDelay ? "WebhookRetryBaseDelay must not be negative nor exceed WebhookRetryMaxDelay."
        : WebhookTimeout <= TimeSpan.Zero ? "WebhookTimeout must be positive."
        : null;
}
