namespace Aspire.Npgsql.EntityFrameworkCore.PostgreSQL;

/// <summary>
/// Settings of <c>AddNpgsqlDbContext</c> and <c>EnrichNpgsqlDbContext</c>, read from the
/// <c>Aspire:Npgsql:EntityFrameworkCore:PostgreSQL</c> configuration section, then its
/// <c>:{connectionName}</c> and <c>:{DbContext type name}</c> subsections.
/// </summary>
public sealed class NpgsqlEntityFrameworkCorePostgreSQLSettings
{
    /// <summary>
    /// The connection string of the PostgreSQL database. <c>ConnectionStrings:{connectionName}</c>
    /// takes precedence over a value bound from the settings sections.
    /// </summary>
    public string? ConnectionString { get; set; }

    /// <summary>Whether to run commands without Npgsql's retrying execution strategy.</summary>
    public bool DisableRetry { get; set; }

    /// <summary>Whether to leave out the DbContext health check.</summary>
    public bool DisableHealthChecks { get; set; }

    /// <summary>Whether to leave out Npgsql's <c>Npgsql</c> activity source.</summary>
    public bool DisableTracing { get; set; }

    /// <summary>Whether to leave out the <c>Npgsql</c> and <c>Microsoft.EntityFrameworkCore</c> meters.</summary>
    public bool DisableMetrics { get; set; }

    /// <summary>The time in seconds to wait for a command to execute; the provider's default when null.</summary>
    public int? CommandTimeout { get; set; }
}
