using System.Text.Json;
using DataAccess.Postgres;
using DataAccess.Postgres.Entities;
using DataAccess.Redis;
using DataAccess.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace DataAccess.Hybrid;

// The strategy in force for each data type. Reads are a memory lookup on every operation;
// a switch is stored in PostgreSQL (so a restart keeps it) and announced on a Redis channel
// so every other process reloads it at once; after Redis comes back from an outage, in
// which announcements may have been missed, the stored strategies are read again.
public sealed partial class StorageStrategyRegistry(
    IDbContextFactory<RelayDbContext> contexts,
    IConnectionMultiplexer redis,
    TimeProvider time,
    ILogger<StorageStrategyRegistry> logger)
{
    public const string ChangedChannel = "crs2:storage-strategy-changed";

    private static readonly JsonSerializerOptions s_json = new(JsonSerializerDefaults.Web);
    private static readonly RedisChannel s_channel = RedisChannel.Literal(ChangedChannel);
    private readonly StorageConfig[] _current = [.. Enum.GetValues<DataType>().Select(StorageDefaults.For)];
    private readonly ISubscriber _subscriber = redis.GetSubscriber();

    public StorageConfig Current(DataType dataType) => Volatile.Read(ref _current[(int)dataType]);

    // Loads the stored strategies and starts listening for switches made elsewhere. Neither
    // store being down keeps the service from starting: it runs on the defaults (or what it
    // loaded); a subscription made while Redis is down is kept by the multiplexer and sent
    // when it connects. The subscription ends with the multiplexer, which the host disposes.
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            await ReloadAsync(cancellationToken);
        }
        catch (Exception exception) when (exception is Npgsql.NpgsqlException or TimeoutException or InvalidOperationException)
        {
            LogLoadFailed(exception);
        }

        redis.ConnectionRestored += OnConnectionRestored;
        try
        {
            await _subscriber.SubscribeAsync(s_channel, OnChanged);
        }
        catch (Exception exception) when (exception.IsRedisFailure())
        {
            LogSubscribeDeferred(exception);
        }
    }

    public async Task<StorageSwitchResult> SwitchAsync(DataType dataType, StorageConfig config, CancellationToken cancellationToken)
    {
        StorageDefaults.Validate(dataType, config);
        var name = JsonSerializer.Serialize(dataType, s_json).Trim('"');
        await using (var context = await contexts.CreateDbContextAsync(cancellationToken))
        {
            var row = await context.StorageStrategies.SingleOrDefaultAsync(strategy => strategy.DataType == name, cancellationToken);
            if (row is null)
            {
                context.StorageStrategies.Add(row = new StorageStrategyEntity { DataType = name });
            }

            row.Config = JsonSerializer.Serialize(config, s_json);
            row.UpdatedAt = time.GetUtcNow();
            await context.SaveChangesAsync(cancellationToken);
        }

        var previous = Interlocked.Exchange(ref _current[(int)dataType], config);
        LogSwitched(name, JsonSerializer.Serialize(previous, s_json), JsonSerializer.Serialize(config, s_json));
        try
        {
            await _subscriber.PublishAsync(s_channel, name);
        }
        catch (Exception exception) when (exception.IsRedisFailure())
        {
            // The switch is stored; other processes pick it up when they next reload.
            LogAnnounceFailed(exception, name);
        }

        return new StorageSwitchResult(previous, config);
    }

    private void OnChanged(RedisChannel channel, RedisValue dataType) => _ = ReloadQuietlyAsync();

    private void OnConnectionRestored(object? sender, ConnectionFailedEventArgs args)
    {
        if (args.ConnectionType == ConnectionType.Subscription)
        {
            _ = ReloadQuietlyAsync();
        }
    }

    // A reload after a notification may fail (PostgreSQL briefly down); the next
    // notification or restart loads the change.
    private async Task ReloadQuietlyAsync()
    {
        try
        {
            await ReloadAsync(CancellationToken.None);
        }
        catch (Exception exception) when (exception is Npgsql.NpgsqlException or TimeoutException or InvalidOperationException)
        {
            LogLoadFailed(exception);
        }
    }

    private async Task ReloadAsync(CancellationToken cancellationToken)
    {
        await using var context = await contexts.CreateDbContextAsync(cancellationToken);
        var rows = await context.StorageStrategies.AsNoTracking().ToListAsync(cancellationToken);
        foreach (var row in rows)
        {
            var dataType = JsonSerializer.Deserialize<DataType>($"\"{row.DataType}\"", s_json);
            var config = JsonSerializer.Deserialize<StorageConfig>(row.Config, s_json);
            if (config is not null)
            {
                Volatile.Write(ref _current[(int)dataType], config);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Stored storage strategies could not be loaded; running on the ones in memory (the defaults at start-up).")]
    private partial void LogLoadFailed(Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not subscribe to storage strategy switches yet; the subscription is made when Redis connects.")]
    private partial void LogSubscribeDeferred(Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "Storage strategy for {DataType} switched from {Previous} to {Current}.")]
    private partial void LogSwitched(string dataType, string previous, string current);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Storage strategy for {DataType} was switched but other processes could not be told through Redis; they keep the old one until they restart.")]
    private partial void LogAnnounceFailed(Exception exception, string dataType);
}
