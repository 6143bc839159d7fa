using Aspire.Npgsql;
using Aspire.Npgsql.EntityFrameworkCore.PostgreSQL;
using Microsoft.Extensions.Configuration;

namespace ServiceDefaults.Npgsql;

// Reads the integration settings the way Aspire does: each more specific section is bound over
// the one before it, so it only overrides the keys it sets, and ConnectionStrings:{name} wins
// over every section because that is where the orchestrator puts the connection string.
internal static class NpgsqlSettingsBinding
{
    public const string DataSourceSectionName = "Aspire:Npgsql";
    public const string DbContextSectionName = "Aspire:Npgsql:EntityFrameworkCore:PostgreSQL";

    public static NpgsqlSettings ReadDataSourceSettings(IConfiguration configuration, string connectionName)
    {
        var settings = new NpgsqlSettings();
        var section = configuration.GetSection(DataSourceSectionName);
        section.Bind(settings);
        section.GetSection(connectionName).Bind(settings);

        if (configuration.GetConnectionString(connectionName) is { } connectionString)
        {
            settings.ConnectionString = connectionString;
        }

        return settings;
    }

    // connectionName is null when enriching a context the caller registered: its connection
    // string is theirs, so only the general and the context's own section apply.
    public static NpgsqlEntityFrameworkCorePostgreSQLSettings ReadDbContextSettings(
        IConfiguration configuration, Type contextType, string? connectionName)
    {
        var settings = new NpgsqlEntityFrameworkCorePostgreSQLSettings();
        var section = configuration.GetSection(DbContextSectionName);
        section.Bind(settings);
        if (connectionName is not null)
        {
            section.GetSection(connectionName).Bind(settings);
        }

        section.GetSection(contextType.Name).Bind(settings);

        if (connectionName is not null && configuration.GetConnectionString(connectionName) is { } connectionString)
        {
            settings.ConnectionString = connectionString;
        }

        return settings;
    }
}
