using DataAccess.Redis;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace DataService.Monitoring;

// Samples what is a state rather than an event, every SampleInterval: the pool's
// utilization and checkout wait, and the keys Redis evicted. Redis exists only on the hybrid
// backend; without it there is nothing to evict.
internal sealed partial class ResourceSampler(
    MetricTimeline timeline,
    ConnectionPoolProbe pool,
    IOptions<MonitoringOptions> options,
    TimeProvider time,
    ILogger<ResourceSampler> logger,
    IConnectionMultiplexer? redis = null) : BackgroundService
{
    private readonly RedisEvictionCounter? _evictions = redis is null ? null : new RedisEvictionCounter(redis);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.SampleInterval, time);
        do
        {
            await SampleAsync(stoppingToken);
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    private async Task SampleAsync(CancellationToken cancellationToken)
    {
        // Utilization first: the wait probe itself holds a connection for a moment.
        timeline.Record(pool.Utilization(), static (counts, utilization) =>
        {
            counts.PoolSamples++;
            counts.PoolUtilizationSum += utilization;
        });

        if (await pool.WaitMillisecondsAsync(cancellationToken) is { } waited)
        {
            timeline.Record(waited, static (counts, milliseconds) =>
            {
                counts.WaitProbes++;
                counts.WaitMillisecondsSum += milliseconds;
            });
        }

        if (_evictions is null)
        {
            return;
        }

        try
        {
            if (await _evictions.EvictedSinceLastReadingAsync(cancellationToken) is { } evicted)
            {
                timeline.Record(evicted, static (counts, keys) => counts.EvictedKeys += keys);
            }
        }
        catch (Exception exception) when (exception.IsRedisFailure())
        {
            LogEvictionsUnavailable(exception);
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Could not read Redis's evicted keys; this sample counts none.")]
    private partial void LogEvictionsUnavailable(Exception exception);
}
