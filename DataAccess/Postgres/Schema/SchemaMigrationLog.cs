using Microsoft.Extensions.Logging;

namespace DataAccess.Postgres.Schema;

internal static partial class SchemaMigrationLog
{
    [LoggerMessage(1, LogLevel.Information, "Another migrator holds the schema migration lock (advisory lock {LockKey}); waiting for it to finish.")]
    public static partial void WaitingForLock(ILogger logger, long lockKey);

    [LoggerMessage(2, LogLevel.Debug, "Applying migration {Migration}.")]
    public static partial void Applying(ILogger logger, string migration);

    [LoggerMessage(3, LogLevel.Information, "Applied migration {Migration} in {DurationMs:F0} ms.")]
    public static partial void Applied(ILogger logger, string migration, double durationMs);

    [LoggerMessage(4, LogLevel.Information, "Database schema is at version {SchemaVersion}: {AppliedCount} migration(s) applied, {SkippedCount} already applied, in {DurationMs:F0} ms.")]
    public static partial void Finished(ILogger logger, int schemaVersion, int appliedCount, int skippedCount, double durationMs);
}
