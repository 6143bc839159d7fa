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
    private readonly CancellationTokenSource _stopping = new();
    private Task _listening = Task.CompletedTask;
    private RedisSubscription? _subscription;

    public StorageConfig Current(DataType dataType) => Volatile.Read(ref _current[(int)dataType]);

    // Loads the stored strategies and starts listening for switches made elsewhere. Neither
    // store being down keeps the service from starting: it runs on the defaults (or what it
    // loaded) and keeps trying to listen.
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

        _listening = ListenAsync(_stopping.Token);
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
        await _stopping.CancelAsync();
        await _listening;
        if (_subscription is not null)
        {
            await _subscription.DisposeAsync();
        }
    }

    private async Task ListenAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            try
            {
                _subscription = await redis.Subscriber.SubscribeAsync(ChangedChannel, async _ => await ReloadQuietlyAsync(), cancellationToken);
                await ReloadQuietlyAsync();
                return;
            }
            catch (RedisException)
            {
                // Redis is not reachable yet; try again shortly.
            }
            catch (OperationCanceledException)
            {
                return;
            }

            try
            {
                await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
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

    [LoggerMessage(Level = LogLevel.Information, Message = "Storage strategy for {DataType} switched from {Previous} to {Current}.")]
    private partial void LogSwitched(string dataType, string previous, string current);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Storage strategy for {DataType} was switched but other processes could not be told through Redis; they keep the old one until they restart.")]
    private partial void LogAnnounceFailed(Exception exception, string dataType);
}
