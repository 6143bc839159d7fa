using Microsoft.Extensions.Configuration;

namespace DataAccess.LegacyRedis;

// Settings of the legacy Redis backend, from "DataAccess:LegacyRedis" or the legacy
// relay's own environment variable.
public sealed class LegacyRedisOptions
{
    public const string Section = "DataAccess:LegacyRedis";
    public const string LegacyMetricsWindowVariable = "METRICS_WINDOW";

    // The realtime-metrics window of the legacy relay, in minutes (5 when unset, as its
    // readers assume).
    public int MetricsWindowMinutes { get; set; } = 5;

    // How long a usage event id is remembered, so a retry or replay within it counts once.
    // One marker per event: longer windows cost memory in proportion to traffic.
    public TimeSpan UsageEventMemory { get; set; } = TimeSpan.FromDays(1);

    // Minute keys live twice the window, as the relay intends (layout §1, §15.1).
    public TimeSpan MinuteMetricsTtl => TimeSpan.FromMinutes(MetricsWindowMinutes * 2);

    public static LegacyRedisOptions FromConfiguration(IConfiguration configuration)
    {
        var options = new LegacyRedisOptions();
        configuration.GetSection(Section).Bind(options);
        if (configuration.GetSection(Section)[nameof(MetricsWindowMinutes)] is null
            && int.TryParse(configuration[LegacyMetricsWindowVariable], out var window) && window > 0)
        {
            options.MetricsWindowMinutes = window;
        }

        if (options.MetricsWindowMinutes < 1)
        {
            throw new InvalidOperationException($"{Section}:{nameof(MetricsWindowMinutes)} must be at least 1.");
        }

        return options;
    }
}
