using Aspire.Npgsql;
using Npgsql;
using ServiceDefaults.Npgsql;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Registers an <see cref="NpgsqlDataSource"/> the way the Aspire.Npgsql client integration does:
/// settings from configuration, a health check, and Npgsql's traces and metrics.
/// </summary>
public static class AspirePostgreSqlNpgsqlExtensions
{
    private const string HealthCheckName = "PostgreSql";

    /// <summary>
    /// Registers <see cref="NpgsqlDataSource"/>, <see cref="System.Data.Common.DbDataSource"/> and
    /// <see cref="NpgsqlConnection"/> for the database named <paramref name="connectionName"/>,
    /// with the <c>PostgreSql</c> health check, tracing and metrics.
    /// </summary>
    /// <param name="builder">The host builder to read configuration from and add services to.</param>
    /// <param name="connectionName">The name of the connection string in <c>ConnectionStrings</c>.</param>
    /// <param name="configureSettings">Runs after the settings are read from configuration.</param>
    /// <param name="configureDataSourceBuilder">Runs on the data source builder before it builds.</param>
    /// <remarks>
    /// Reads the <c>Aspire:Npgsql</c> section, then <c>Aspire:Npgsql:{connectionName}</c>. A missing
    /// connection string throws <see cref="InvalidOperationException"/> when the data source is
    /// first resolved.
    /// </remarks>
    public static void AddNpgsqlDataSource(
        this IHostApplicationBuilder builder,
        string connectionName,
        Action<NpgsqlSettings>? configureSettings = null,
        Action<NpgsqlDataSourceBuilder>? configureDataSourceBuilder = null) =>
        AddNpgsqlDataSource(builder, connectionName, serviceKey: null, configureSettings, configureDataSourceBuilder);

    /// <summary>
    /// Registers <see cref="NpgsqlDataSource"/>, <see cref="System.Data.Common.DbDataSource"/> and
    /// <see cref="NpgsqlConnection"/> as keyed services under <paramref name="name"/>, with the
    /// <c>PostgreSql_{name}</c> health check, tracing and metrics.
    /// </summary>
    /// <param name="builder">The host builder to read configuration from and add services to.</param>
    /// <param name="name">The service key, and the name of the connection string in <c>ConnectionStrings</c>.</param>
    /// <param name="configureSettings">Runs after the settings are read from configuration.</param>
    /// <param name="configureDataSourceBuilder">Runs on the data source builder before it builds.</param>
    /// <remarks>Reads the <c>Aspire:Npgsql</c> section, then <c>Aspire:Npgsql:{name}</c>.</remarks>
    public static void AddKeyedNpgsqlDataSource(
        this IHostApplicationBuilder builder,
        string name,
        Action<NpgsqlSettings>? configureSettings = null,
        Action<NpgsqlDataSourceBuilder>? configureDataSourceBuilder = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        AddNpgsqlDataSource(builder, name, serviceKey: name, configureSettings, configureDataSourceBuilder);
    }

    private static void AddNpgsqlDataSource(
        IHostApplicationBuilder builder,
        string connectionName,
        string? serviceKey,
        Action<NpgsqlSettings>? configureSettings,
        Action<NpgsqlDataSourceBuilder>? configureDataSourceBuilder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(connectionName);

        var settings = NpgsqlSettingsBinding.ReadDataSourceSettings(builder.Configuration, connectionName);
        configureSettings?.Invoke(settings);

        NpgsqlDataSourceServices.Add(builder.Services, serviceKey, ResolveConnectionString, configureDataSourceBuilder);

        if (!settings.DisableHealthChecks)
        {
            var healthCheckName = serviceKey is null ? HealthCheckName : $"{HealthCheckName}_{connectionName}";
            NpgsqlHealthChecks.AddDataSourceCheck(builder, healthCheckName, serviceKey);
        }

        if (!settings.DisableTracing)
        {
            NpgsqlTelemetry.AddNpgsqlTracing(builder);
        }

        if (!settings.DisableMetrics)
        {
            NpgsqlTelemetry.AddNpgsqlMetrics(builder);
        }

        string ResolveConnectionString() => RequiredConnectionString.Validate(
            settings.ConnectionString,
            connectionName,
            NpgsqlSettingsBinding.DataSourceSectionName,
            $"{NpgsqlSettingsBinding.DataSourceSectionName}:{connectionName}");
    }
}
