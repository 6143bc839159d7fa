using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using DataAccess.Storage;

namespace DataAccess.Postgres.Diagnostics;

// Npgsql publishes its pool's state only as metrics (connections by state, requests waiting
// for a connection); this listens to them so health reports can show the pool. Waiting
// requests are an up-down counter, so the listener must run from the start to see them.
// Npgsql tells pools apart only by their data source's name.
public sealed class PoolStatusMonitor : IDisposable
{
    private const string PoolNameTag = "db.client.connection.pool.name";
    private const string StateTag = "db.client.connection.state";

    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<string, long> _waiting = new();
    private readonly Lock _snapshotLock = new();
    private readonly string _poolName;
    private Dictionary<(string Pool, string State), long> _counts = [];

    public PoolStatusMonitor(PostgresDataSourceName dataSource)
    {
        _poolName = dataSource.Value;
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == "Npgsql" && instrument.Name is "db.client.connection.count" or "db.client.connection.npgsql.pending_requests")
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<int>((instrument, value, tags, _) => Record(instrument, value, tags));
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Record(instrument, value, tags));
        _listener.Start();
    }

    public PoolStatus Snapshot()
    {
        lock (_snapshotLock)
        {
            _counts = [];
            _listener.RecordObservableInstruments();
            var idle = (int)_counts.GetValueOrDefault((_poolName, "idle"));
            var used = (int)_counts.GetValueOrDefault((_poolName, "used"));
            return new PoolStatus(idle + used, idle, (int)Math.Max(0, _waiting.GetValueOrDefault(_poolName)));
        }
    }

    public void Dispose() => _listener.Dispose();

    private void Record(Instrument instrument, long value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        string? pool = null;
        string? state = null;
        foreach (var (key, tagValue) in tags)
        {
            if (key == PoolNameTag)
            {
                pool = tagValue as string;
            }
            else if (key == StateTag)
            {
                state = tagValue as string;
            }
        }

        if (pool is null)
        {
            return;
        }

        if (instrument.Name == "db.client.connection.count" && state is not null)
        {
            _counts[(pool, state)] = value;
        }
        else if (instrument.Name == "db.client.connection.npgsql.pending_requests")
        {
            _waiting.AddOrUpdate(pool, value, (_, current) => current + value);
        }
    }
}
