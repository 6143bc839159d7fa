using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Hosting;

namespace Gateway;

// Bound from "Gateway".
public sealed class GatewayOptions
{
    public const string SectionName = "Gateway";

    public UpstreamOptions Upstreams { get; set; } = new();

    // Request bodies beyond this size are refused with 413 before anything else is read.
    public long MaxRequestBodyBytes { get; set; } = 32 * 1024 * 1024;

    // How long the upstream may stay silent (no header, no body bytes) before the request
    // fails; generous because long generations pause between events.
    public TimeSpan UpstreamActivityTimeout { get; set; } = TimeSpan.FromMinutes(10);

    public KeyCacheOptions KeyCache { get; set; } = new();

    public LimitOptions Limits { get; set; } = new();

    public AccountOptions Accounts { get; set; } = new();

    public UsageOptions Usage { get; set; } = new();

    public PricingOptions Pricing { get; set; } = new();
}

public sealed class UpstreamOptions
{
    public Uri Claude { get; set; } = new("https://api.anthropic.com");

    // A PEM file of certificate authorities trusted besides the system's for the upstream's
    // TLS: the root of a proxy that inspects TLS (it signs the upstream's certificate anew),
    // or of a private upstream.
    public string? TrustedCertificatesFile { get; set; }
}

public sealed class KeyCacheOptions
{
    // Changes reach the cache through the invalidation channel within a second; the TTL
    // bounds staleness when a message is lost.
    public TimeSpan Ttl { get; set; } = TimeSpan.FromSeconds(30);

    // Unknown keys are remembered briefly so a flood of made-up keys stays off the DataService.
    public TimeSpan UnknownKeyTtl { get; set; } = TimeSpan.FromSeconds(1);

    // While the DataService cannot answer, a cached key's last answer stands this long past
    // its TTL, instead of every request of that key failing with 503.
    public TimeSpan ServeStaleFor { get; set; } = TimeSpan.FromMinutes(5);

    public int MaxEntries { get; set; } = 100_000;
}

public sealed class LimitOptions
{
    // A concurrency lease ends with its request; one left by a crashed gateway expires after
    // this long. Leases of long requests are renewed while they run.
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromMinutes(3);

    // The form of the concurrency key this gateway creates when it finds none: a sorted set of
    // leases (claude-relay-service from September 2025 on), or the string counter of the
    // reference version (INCR/DECR), for running beside such a relay on the same Redis
    // (DATABASE_TYPE redis or dual). Whatever form a key already has is respected either way.
    public ConcurrencyForm ConcurrencyForm { get; set; } = ConcurrencyForm.SortedSet;

    // On, a key's tokenLimit without a rate-limit window caps the key's lifetime tokens; with a
    // window it is always the window's cap. Off by default: keys the reference relay made carry
    // its default tokenLimit of 1000000 without a window, which that relay ignores, and a
    // migration must not start refusing them.
    public bool TotalTokenLimit { get; set; }

    public WaitQueueOptions WaitQueue { get; set; } = new();
}

public enum ConcurrencyForm
{
    SortedSet,
    Counter,
}

// A request over its key's concurrency limit waits here for a lease instead of an immediate
// 429, when enabled; a full queue or a wait past the timeout still answers 429.
public sealed class WaitQueueOptions
{
    public bool Enabled { get; set; }

    // Waiters per key, across all gateways sharing the Redis.
    public int MaxWaiters { get; set; } = 10;

    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    // How often a waiter asks for a lease again; the wait backs off to four times this.
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(25);
}

public sealed class AccountOptions
{
    // How often the list of schedulable accounts is read again from the DataService
    // (changes published on the invalidation channel are read at once).
    public TimeSpan RefreshInterval { get; set; } = TimeSpan.FromSeconds(10);

    public TimeSpan StickyTtl { get; set; } = TimeSpan.FromHours(1);

    // After an upstream 5xx or 529, the account rests this long.
    public TimeSpan Cooldown { get; set; } = TimeSpan.FromMinutes(1);

    // An upstream 429 without a reset header limits the account this long (legacy: 1 hour).
    public TimeSpan DefaultRateLimit { get; set; } = TimeSpan.FromHours(1);

    // Upstream 401/403 answers within 5 minutes after which the account is marked in error.
    public int UnauthorizedThreshold { get; set; } = 3;
}

public sealed class UsageOptions
{
    public string StreamKey { get; set; } = "crs2:gateway:usage";

    public string ConsumerGroup { get; set; } = "gateway";

    public int BatchSize { get; set; } = 500;

    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(100);

    // Entries another gateway read but never acknowledged (it crashed) are taken over after
    // this long.
    public TimeSpan ClaimAfter { get; set; } = TimeSpan.FromSeconds(30);
}

public sealed class PricingOptions
{
    // A LiteLLM-format price list; relative paths are under the application directory.
    public string File { get; set; } = "Pricing/model_prices_and_context_window.json";
}

public static class GatewayOptionsRegistration
{
    public static IHostApplicationBuilder AddGatewayOptions(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<GatewayOptions>()
            .BindConfiguration(GatewayOptions.SectionName)
            .Validate(options => options.MaxRequestBodyBytes > 0, "Gateway:MaxRequestBodyBytes must be positive.")
            .Validate(
                options => options.Upstreams.TrustedCertificatesFile is not { } file || HoldsCertificates(file),
                "Gateway:Upstreams:TrustedCertificatesFile must name a PEM file of certificates.")
            .Validate(options => options.Limits.LeaseDuration >= TimeSpan.FromSeconds(3), "Gateway:Limits:LeaseDuration must be at least 3 seconds.")
            .Validate(options => options.Limits.WaitQueue.MaxWaiters > 0, "Gateway:Limits:WaitQueue:MaxWaiters must be positive.")
            .Validate(options => options.Limits.WaitQueue.Timeout > TimeSpan.Zero, "Gateway:Limits:WaitQueue:Timeout must be positive.")
            .Validate(options => options.Limits.WaitQueue.PollInterval >= TimeSpan.FromMilliseconds(1), "Gateway:Limits:WaitQueue:PollInterval must be at least 1 ms.")
            .Validate(options => options.Upstreams.Claude.IsAbsoluteUri, "Gateway:Upstreams:Claude must be an absolute URL.")
            .ValidateOnStart();
        return builder;
    }

    private static bool HoldsCertificates(string file)
    {
        if (!File.Exists(file))
        {
            return false;
        }

        try
        {
            var certificates = new X509Certificate2Collection();
            certificates.ImportFromPemFile(file);
            return certificates.Count > 0;
        }
        catch (CryptographicException)
        {
            return false;
        }
    }
}
