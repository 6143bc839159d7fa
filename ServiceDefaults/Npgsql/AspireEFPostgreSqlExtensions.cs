using Aspire.Npgsql.EntityFrameworkCore.PostgreSQL;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ServiceDefaults.Npgsql;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Registers an EF Core <see cref="DbContext"/> on PostgreSQL the way the
/// Aspire.Npgsql.EntityFrameworkCore.PostgreSQL client integration does: pooled, with retries,
/// a health check, and Npgsql's and EF Core's traces and metrics.
/// </summary>
public static class AspireEFPostgreSqlExtensions
{
    /// <summary>
    /// Registers <typeparamref name="TContext"/> as a pooled DbContext on the PostgreSQL database
    /// named <paramref name="connectionName"/>, with retries, the <c>{TContext}</c> health check,
    /// tracing and metrics.
    /// </summary>
    /// <param name="builder">The host builder to read configuration from and add services to.</param>
    /// <param name="connectionName">The name of the connection string in <c>ConnectionStrings</c>.</param>
    /// <param name="configureSettings">Runs after the settings are read from configuration.</param>
    /// <param name="configureDbContextOptions">Runs on the context options after the provider is set up.</param>
    /// <remarks>
    /// Reads <c>Aspire:Npgsql:EntityFrameworkCore:PostgreSQL</c>, then its <c>:{connectionName}</c>
    /// and <c>:{TContext}</c> subsections, the most specific winning. A missing connection string
    /// throws <see cref="InvalidOperationException"/> when the context is first resolved.
    /// </remarks>
    /// <exception cref="InvalidOperationException"><typeparamref name="TContext"/> is already registered.</exception>
    public static void AddNpgsqlDbContext<TContext>(
        this IHostApplicationBuilder builder,
        string connectionName,
        Action<NpgsqlEntityFrameworkCorePostgreSQLSettings>? configureSettings = null,
        Action<DbContextOptionsBuilder>? configureDbContextOptions = null)
        where TContext : DbContext
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(connectionName);
        DbContextRegistration.ThrowIfRegistered<TContext>(builder.Services, nameof(AddNpgsqlDbContext));

        var settings = NpgsqlSettingsBinding.ReadDbContextSettings(builder.Configuration, typeof(TContext), connectionName);
        configureSettings?.Invoke(settings);

        builder.Services.AddDbContextPool<TContext>(options =>
        {
            var connectionString = RequiredConnectionString.Validate(
                settings.ConnectionString,
                connectionName,
                NpgsqlSettingsBinding.DbContextSectionName,
                $"{NpgsqlSettingsBinding.DbContextSectionName}:{connectionName}",
                $"{NpgsqlSettingsBinding.DbContextSectionName}:{typeof(TContext).Name}");
            options.UseNpgsql(connectionString, npgsql => NpgsqlRetryAndTimeout.Apply(npgsql, settings));
            configureDbContextOptions?.Invoke(options);
        });

        AddHealthCheckAndTelemetry<TContext>(builder, settings);
    }

    /// <summary>
    /// Adds retries, the command timeout, the <c>{TContext}</c> health check, tracing and metrics
    /// to a <typeparamref name="TContext"/> the caller registered with AddDbContext,
    /// AddDbContextPool or AddDbContextFactory.
    /// </summary>
    /// <param name="builder">The host builder to read configuration from and add services to.</param>
    /// <param name="configureSettings">Runs after the settings are read from configuration.</param>
    /// <remarks>
    /// Reads <c>Aspire:Npgsql:EntityFrameworkCore:PostgreSQL</c>, then its <c>:{TContext}</c>
    /// subsection; the connection string stays the one the caller configured. An execution
    /// strategy the caller configured is kept.
    /// </remarks>
    /// <exception cref="InvalidOperationException">
    /// <typeparamref name="TContext"/> is not registered, or the first resolution finds a command
    /// timeout in the context options that differs from the settings.
    /// </exception>
    public static void EnrichNpgsqlDbContext<TContext>(
        this IHostApplicationBuilder builder,
        Action<NpgsqlEntityFrameworkCorePostgreSQLSettings>? configureSettings = null)
        where TContext : DbContext
    {
        ArgumentNullException.ThrowIfNull(builder);
        var optionsLifetime = DbContextRegistration.GetOptionsLifetime<TContext>(builder.Services, nameof(EnrichNpgsqlDbContext));

        var settings = NpgsqlSettingsBinding.ReadDbContextSettings(builder.Configuration, typeof(TContext), connectionName: null);
        configureSettings?.Invoke(settings);

        // Touching the options only when there is something to add leaves a context the caller
        // fully configured exactly as it was.
        if (!settings.DisableRetry || settings.CommandTimeout.HasValue)
        {
            // The configuration shares the lifetime of the options it feeds: a pooled context has
            // singleton options, which must not depend on a scoped service.
            builder.Services.ConfigureDbContext<TContext>(
                options => NpgsqlRetryAndTimeout.ApplyOver(options, settings, typeof(TContext).Name),
                optionsLifetime);
        }

        AddHealthCheckAndTelemetry<TContext>(builder, settings);
    }

    private static void AddHealthCheckAndTelemetry<TContext>(
        IHostApplicationBuilder builder, NpgsqlEntityFrameworkCorePostgreSQLSettings settings)
        where TContext : DbContext
    {
        if (!settings.DisableHealthChecks)
        {
            NpgsqlHealthChecks.AddDbContextCheck<TContext>(builder);
        }

        if (!settings.DisableTracing)
        {
            NpgsqlTelemetry.AddNpgsqlTracing(builder);
        }

        if (!settings.DisableMetrics)
        {
            NpgsqlTelemetry.AddNpgsqlMetrics(builder);
            NpgsqlTelemetry.AddEntityFrameworkCoreMetrics(builder);
        }
    }
}
