using Aspire.Npgsql.EntityFrameworkCore.PostgreSQL;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Npgsql.EntityFrameworkCore.PostgreSQL.Infrastructure;

namespace ServiceDefaults.Npgsql;

// How the settings' DisableRetry and CommandTimeout turn into Npgsql's EF Core options. With
// retries on, a transaction the caller opens must run inside Database.CreateExecutionStrategy().
internal static class NpgsqlRetryAndTimeout
{
    public static void Apply(NpgsqlDbContextOptionsBuilder npgsql, NpgsqlEntityFrameworkCorePostgreSQLSettings settings)
    {
        if (!settings.DisableRetry)
        {
            npgsql.EnableRetryOnFailure();
        }

        if (settings.CommandTimeout is { } commandTimeout)
        {
            npgsql.CommandTimeout(commandTimeout);
        }
    }

    // Enriching adds to options the caller already set up, so it keeps what they chose on purpose:
    // an execution strategy of their own stays, and a command timeout that differs from the
    // settings is a contradiction the caller has to resolve.
    public static void ApplyOver(DbContextOptionsBuilder options, NpgsqlEntityFrameworkCorePostgreSQLSettings settings, string contextName)
    {
        var configured = options.Options.Extensions.OfType<RelationalOptionsExtension>().FirstOrDefault();

        if (settings.CommandTimeout is { } commandTimeout
            && configured?.CommandTimeout is { } configuredTimeout
            && configuredTimeout != commandTimeout)
        {
            throw new InvalidOperationException(
                $"Conflicting values for 'CommandTimeout' were found in {nameof(NpgsqlEntityFrameworkCorePostgreSQLSettings)} "
                + $"and set in DbContextOptions<{contextName}>.");
        }

        var retry = !settings.DisableRetry && configured?.ExecutionStrategyFactory is null;
        options.UseNpgsql(npgsql =>
        {
            if (retry)
            {
                npgsql.EnableRetryOnFailure();
            }

            if (settings.CommandTimeout is { } timeout)
            {
                npgsql.CommandTimeout(timeout);
            }
        });
    }
}
