using System.Diagnostics.Metrics;
using DataAccess.Storage;

namespace DataAccess.Diagnostics;

// The data-access layer's own metrics: failed operations by error code, and cache lookups
// by data type and outcome. Database statements are measured by Npgsql itself (meter and
// activity source "Npgsql").
public static class DataAccessTelemetry
{
    public const string MeterName = "DataAccess";

    public const string FailuresInstrument = "dataaccess.operation.failures";
    public const string CacheLookupsInstrument = "dataaccess.cache.lookups";
    public const string UsageRecordsInstrument = "dataaccess.usage.records_written";
    public const string DualDivergencesInstrument = "dataaccess.dual.divergences";
    public const string UsageDeadLetteredInstrument = "dataaccess.usage.dead_lettered";

    private static readonly Meter s_meter = new(MeterName);

    private static readonly Counter<long> s_failures = s_meter.CreateCounter<long>(
        FailuresInstrument, "{operation}", "Data-access operations that failed, by error code.");

    private static readonly Counter<long> s_cacheLookups = s_meter.CreateCounter<long>(
        CacheLookupsInstrument, "{lookup}", "Cache lookups by data type and outcome (hit, miss, error).");

    private static readonly Counter<long> s_usageRecords = s_meter.CreateCounter<long>(
        UsageRecordsInstrument, "{record}", "Usage records written to PostgreSQL.");

    private static readonly Counter<long> s_dualDivergences = s_meter.CreateCounter<long>(
        DualDivergencesInstrument, "{write}", "Dual-mode writes that reached the legacy layout but not PostgreSQL, by operation and error code.");

    public static void RecordFailure(string code) =>
        s_failures.Add(1, new KeyValuePair<string, object?>("error.code", code));

    public static void RecordCacheLookup(DataType dataType, CacheOutcome outcome) =>
        s_cacheLookups.Add(1, new("data_type", dataType.ToString().ToLowerInvariant()), new("outcome", outcome.ToString().ToLowerInvariant()));

    private static readonly Counter<long> s_usageDeadLettered = s_meter.CreateCounter<long>(
        UsageDeadLetteredInstrument, "{entry}", "Usage stream entries and records moved to the dead-letter stream because they could not be read or stored.");

    public static void RecordUsageWritten(int records) => s_usageRecords.Add(records);

    public static void RecordUsageDeadLettered(int entries) => s_usageDeadLettered.Add(entries);

    public static void RecordDualDivergence(string operation, string code) =>
        s_dualDivergences.Add(1, new("operation", operation), new("error.code", code));
}

public enum CacheOutcome
{
    Hit,
    Miss,
    Error,
}
