using System.Diagnostics;
using System.Text.Json;
using DataAccess.Diagnostics;
using DataAccess.Postgres.Usage;
using DataAccess.Redis;
using DataAccess.Usage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using StackExchange.Redis;

namespace DataAccess.Hybrid;

// Drains the usage stream into PostgreSQL. An entry is acknowledged (and deleted) only after
// the transaction holding its records committed, so a consumer that dies in between leaves
// it pending: it takes its own pending entries back when it starts, and entries of a
// consumer that never comes back are reclaimed by the others after ReclaimAfter. Writing a
// batch twice is harmless (UsageWriter counts each event once). An entry that cannot be
// read, or a record PostgreSQL refuses (a value it cannot store), is moved to the
// dead-letter stream with the reason, never dropped, and never holds up the records beside it.
internal sealed partial class UsageStreamConsumer(
    IConnectionMultiplexer redis,
    UsageStream stream,
    UsageWriter writer,
    ILogger<UsageStreamConsumer> logger) : BackgroundService
{
    private readonly IDatabase _redis = redis.GetDatabase();
    private long _written;

    // Records this consumer has written to PostgreSQL since it started.
    public long RecordsWritten => Interlocked.Read(ref _written);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var options = stream.Options;
        await EnsureGroupAsync(stoppingToken);
        var ownPending = true;
        var lastReclaim = Stopwatch.GetTimestamp();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var entries = await _redis.StreamReadGroupAsync(
                    options.StreamKey, options.ConsumerGroup, options.ConsumerName, ownPending ? "0" : StreamPosition.NewMessages, options.EntriesPerRead)
                    .WaitAsync(stoppingToken);
                if (ownPending && entries.Length == 0)
                {
                    ownPending = false;
                    continue;
                }

                if (entries.Length == 0 && Stopwatch.GetElapsedTime(lastReclaim) > options.ReclaimAfter / 2)
                {
                    lastReclaim = Stopwatch.GetTimestamp();
                    entries = (await _redis.StreamAutoClaimAsync(
                        options.StreamKey, options.ConsumerGroup, options.ConsumerName, (long)options.ReclaimAfter.TotalMilliseconds, "0-0", options.EntriesPerRead)
                        .WaitAsync(stoppingToken)).ClaimedEntries;
                    if (entries.Length > 0)
                    {
                        LogReclaimed(entries.Length);
                    }
                }

                if (entries.Length == 0)
                {
                    await Task.Delay(options.PollInterval, stoppingToken);
                    continue;
                }

                await WriteAsync(entries, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception) when (exception.IsRedisFailure() || exception is DatabaseError or Npgsql.NpgsqlException or TimeoutException)
            {
                // Nothing was acknowledged; the entries stay pending and are read again.
                LogWriteFailed(exception);
                ownPending = true;
                await Task.Delay(options.RetryDelay, stoppingToken);
            }
        }
    }

    private async Task WriteAsync(StreamEntry[] entries, CancellationToken cancellationToken)
    {
        var records = new List<UsageRecord>();
        var ids = new List<RedisValue>(entries.Length);
        foreach (var entry in entries.Where(entry => !IsDeleted(entry)))
        {
            try
            {
                records.AddRange(UsageStream.Read(entry));
                ids.Add(entry.Id);
            }
            catch (JsonException exception)
            {
                await DeadLetterAsync(entry, exception.Message);
            }

            if (records.Count >= stream.Options.MaxRecordsPerWrite)
            {
                await CommitAsync(records, ids, cancellationToken);
                records.Clear();
                ids.Clear();
            }
        }

        await CommitAsync(records, ids, cancellationToken);
        var deleted = entries.Where(IsDeleted).Select(entry => entry.Id).ToArray();
        if (deleted.Length > 0)
        {
            await _redis.StreamAcknowledgeAsync(stream.Options.StreamKey, stream.Options.ConsumerGroup, deleted);
        }
    }

    // An entry deleted while it was still pending comes back with no fields at all.
    private static bool IsDeleted(StreamEntry entry) => entry.Values is null or [];

    private async Task CommitAsync(List<UsageRecord> records, List<RedisValue> ids, CancellationToken cancellationToken)
    {
        if (ids.Count == 0)
        {
            return;
        }

        if (records.Count > 0)
        {
            var distinct = records.DistinctBy(record => record.EventId).ToArray();
            try
            {
                await writer.WriteAsync(distinct, cancellationToken);
            }
            catch (Exception exception) when (IsRefusedRecord(exception))
            {
                await WriteEachAsync(distinct, ids, cancellationToken);
            }

            Interlocked.Add(ref _written, records.Count);
        }

        await RemoveAsync([.. ids]);
    }

    private Task RemoveAsync(RedisValue[] ids) =>
        _redis.AcknowledgeAndDeleteAsync(stream.Options.StreamKey, stream.Options.ConsumerGroup, ids);

    // The batch held a record PostgreSQL refuses; written one at a time, the refused ones
    // are found and set aside and the others stored. A failure of the connection instead
    // still fails the batch, which is then read again.
    private async Task WriteEachAsync(UsageRecord[] records, List<RedisValue> sourceIds, CancellationToken cancellationToken)
    {
        foreach (var record in records)
        {
            try
            {
                await writer.WriteAsync([record], cancellationToken);
            }
            catch (Exception exception) when (IsRefusedRecord(exception))
            {
                var reason = exception is PostgresException refused ? $"{refused.SqlState}: {refused.MessageText}" : exception.Message;
                await _redis.StreamAddAsync(stream.Options.DeadLetterKey,
                [
                    new(UsageStream.RecordsField, UsageStream.Serialize([record])),
                    new("sourceId", string.Join(',', sourceIds)),
                    new("reason", reason),
                ]);
                DataAccessTelemetry.RecordUsageDeadLettered(1);
                LogRecordDeadLettered(record.EventId!.Value, stream.Options.DeadLetterKey, reason);
            }
        }
    }

    // Data exceptions (22xxx: a value out of range, a character the encoding cannot hold),
    // integrity violations (23xxx) and sums a bigint cannot hold belong to the records, not
    // to the connection.
    private static bool IsRefusedRecord(Exception exception) =>
        exception is OverflowException
        || (exception is PostgresException refused
            && (refused.SqlState.StartsWith("22", StringComparison.Ordinal) || refused.SqlState.StartsWith("23", StringComparison.Ordinal)));

    private async Task DeadLetterAsync(StreamEntry entry, string reason)
    {
        NameValueEntry[] fields = [.. entry.Values, new("sourceId", entry.Id), new("reason", reason)];
        await _redis.StreamAddAsync(stream.Options.DeadLetterKey, fields);
        await RemoveAsync([entry.Id]);
        DataAccessTelemetry.RecordUsageDeadLettered(1);
        LogDeadLettered(entry.Id.ToString(), stream.Options.DeadLetterKey, reason);
    }

    private async Task EnsureGroupAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            try
            {
                await _redis.StreamCreateConsumerGroupAsync(stream.Options.StreamKey, stream.Options.ConsumerGroup, "0", createStream: true);
                return;
            }
            catch (RedisServerException exception) when (exception.Message.StartsWith("BUSYGROUP", StringComparison.Ordinal))
            {
                return;
            }
            catch (Exception exception) when (exception.IsRedisFailure())
            {
                LogWriteFailed(exception);
                await Task.Delay(stream.Options.RetryDelay, cancellationToken);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Writing buffered usage to PostgreSQL failed; the entries stay in the stream and are retried.")]
    private partial void LogWriteFailed(Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "Took over {Count} usage stream entries another consumer left unacknowledged.")]
    private partial void LogReclaimed(int count);

    [LoggerMessage(Level = LogLevel.Error, Message = "Usage stream entry {EntryId} could not be read and was moved to {DeadLetterKey}: {Reason}")]
    private partial void LogDeadLettered(string entryId, string deadLetterKey, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Usage record {EventId} was refused by PostgreSQL and moved to {DeadLetterKey}; the rest of its batch was written. Reason: {Reason}")]
    private partial void LogRecordDeadLettered(Guid eventId, string deadLetterKey, string reason);
}
