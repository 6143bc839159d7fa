using DataAccess.Redis;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace DataService.Monitoring;

// Samples what is a state rather than an event, every SampleInterval: the pool's
// utilization and checkout wait, and the keys Redis evicted. The pool exists on the backends
// with PostgreSQL, Redis on all but postgres; without one there is nothing of it to sample.
internal sealed partial class ResourceSampler(
    MetricTimeline timeline,
    IOptions<MonitoringOptions> options,
    TimeProvider time,
    ILogger<ResourceSampler> logger,
    ConnectionPoolProbe? pool = null,
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
        if (pool is not null)
        {
            await SamplePoolAsync(pool, cancellationToken);
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

    private async Task SamplePoolAsync(ConnectionPoolProbe probe, CancellationToken cancellationToken)
    {
        // Utilization first: the wait probe itself holds a connection for a moment.
        timeline.Record(probe.Utilization(), static (counts, utilization) =>
        {
            counts.PoolSamples++;
            counts.PoolUtilizationSum += utilization;
        });

        if (await probe.WaitMillisecondsAsync(cancellationToken) is { } waited)
        {
            timeline.Record(waited, static (counts, milliseconds) =>
            {
                counts.WaitProbes++;
                counts.WaitMillisecondsSum += milliseconds;
            });
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Could not read Redis's evicted keys; this sample counts none.")]
    private partial void LogEvictionsUnavailable(Exception exception);
}
