using MigrationService.Backfill.Passes;
using Npgsql;
using StackExchange.Redis;

namespace MigrationService.Backfill;

// Moves what a claude-relay-service Redis holds into this service's PostgreSQL schema (the
// legacy layout: /work/shared/legacy-redis-layout.md; the target: schema 0001 and 0002), or,
// by mode, only reports what it would move or compares the two. The schema must be current.
public static class LegacyBackfill
{
    public static async Task<BackfillReport> RunAsync(
        IDatabase source, NpgsqlDataSource target, BackfillOptions options, ILoggerFactory? loggers = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(options);
        var logger = (loggers ?? Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance).CreateLogger(typeof(LegacyBackfill));
        var context = new BackfillContext(source, target, options, logger);
        BackfillLog.Started(logger, options.Mode, await context.KeysInRedisAsync(cancellationToken), options.TimeZoneOffsetHours);
        return options.Mode switch
        {
            BackfillMode.DryRun => await new DryRunPass(context).RunAsync(cancellationToken),
            BackfillMode.Verify => await new VerifyPass(context).RunAsync(cancellationToken),
            _ => await new MigrationPass(context).RunAsync(cancellationToken),
        };
    }
}
