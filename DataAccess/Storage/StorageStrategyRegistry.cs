using System.Text.Json;
using DataAccess.Postgres;
using DataAccess.Postgres.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using ServiceDefaults.Redis;

namespace DataAccess.Storage;

// The strategy in force for each data type. Reads are a memory lookup on every operation;
// a switch is stored in PostgreSQL (so a restart keeps it) and announced on a Redis channel
// so every other process reloads it at once.
public sealed partial class StorageStrategyRegistry(
    IDbContextFactory<RelayDbContext> contexts,
    RedisClient redis,
    TimeProvider time,
    ILogger<StorageStrategyRegistry> logger) : IAsyncDisposable
{
    public const string ChangedChannel = "crs2:storage-strategy-changed";

    private static readonly JsonSerializerOptions s_json = new(JsonSerializerDefaults.Web);
    private readonly StorageConfig[] _current = [.. Enum.GetValues<DataType>().Select(StorageDefaults.For)];
    private RedisSubscription? _subscription;

    public StorageConfig Current(DataType dataType) => Volatile.Read(ref _current[(int)dataType]);

    // Loads the stored strategies and starts listening for switches made elsewhere.
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await ReloadAsync(cancellationToken);
        _subscription = await redis.Subscriber.SubscribeAsync(ChangedChannel, async _ =>
        {
            await ReloadAsync(CancellationToken.None);
        }, cancellationToken);
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
            await redis.PublishAsync(ChangedChannel, name, cancellationToken);
        }
        catch (RedisException exception)
        {
            // The switch is stored; other processes pick it up when they next reload.
            LogAnnounceFailed(exception, name);
        }

        return new StorageSwitchResult(previous, config);
    }

    public async ValueTask DisposeAsync()
    {
        if (_subscription is not null)
        {
            await _subscription.DisposeAsync();
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

    [LoggerMessage(Level = LogLevel.Information, Message = "Storage strategy for {DataType} switched from {Previous} to {Current}.")]
    private partial void LogSwitched(string dataType, string previous, string current);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Storage strategy for {DataType} was switched but other processes could not be told through Redis; they keep the old one until they restart.")]
    private partial void LogAnnounceFailed(Exception exception, string dataType);
}
