namespace ServiceDefaults.Http.Resilience;

// Settings of the standard resilience handler. Defaults are those of the standard handler in
// Microsoft.Extensions.Http.Resilience. Every HttpClient binds them from configuration section
// HttpClientDefaults:Resilience (e.g. HttpClientDefaults__Resilience__MaxRetryAttempts=5),
// then applies the delegate given to AddStandardResilienceHandler.
public sealed class HttpResilienceOptions
{
    public const string ConfigurationSectionName = "HttpClientDefaults:Resilience";

    // The whole call: every attempt and every wait between them. Default 30 s.
    public TimeSpan TotalRequestTimeout { get; set; } = TimeSpan.FromSeconds(30);

    // Retries after the first attempt; 0 turns retrying off. Default 3.
    public int MaxRetryAttempts { get; set; } = 3;

    // Wait before the first retry; each next wait doubles, randomised so that many clients
    // do not retry in step. A Retry-After header on 429 or 503 takes precedence. Default 2 s.
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(2);

    // POST, PATCH and CONNECT are retried only when the request provably never reached the
    // server, since repeating one that did may repeat its effect. Default false.
    public bool RetryNonIdempotentRequests { get; set; }

    // The circuit opens when, within the last CircuitBreakerSamplingDuration, at least
    // CircuitBreakerMinimumThroughput calls were made and this share of them failed. Default 0.1.
    public double CircuitBreakerFailureRatio { get; set; } = 0.1;

    // Default 100.
    public int CircuitBreakerMinimumThroughput { get; set; } = 100;

    // Default 30 s.
    public TimeSpan CircuitBreakerSamplingDuration { get; set; } = TimeSpan.FromSeconds(30);

    // An open circuit fails calls at once for this long, then lets one through. Default 5 s.
    public TimeSpan CircuitBreakerBreakDuration { get; set; } = TimeSpan.FromSeconds(5);

    // One attempt; when it expires the attempt counts as a transient failure. Default 10 s.
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(10);
}
