namespace Aspire.Npgsql;

/// <summary>
/// Settings of <c>AddNpgsqlDataSource</c>, read from the <c>Aspire:Npgsql</c> configuration
/// section and its <c>Aspire:Npgsql:{connectionName}</c> subsection.
/// </summary>
public sealed class NpgsqlSettings
{
    /// <summary>
    /// The connection string of the PostgreSQL database. <c>ConnectionStrings:{connectionName}</c>
    /// takes precedence over a value bound from the settings section.
    /// </summary>
    public string? ConnectionString { get; set; }

    /// <summary>Whether to leave out the database health check.</summary>
    public bool DisableHealthChecks { get; set; }

    /// <summary>Whether to leave out Npgsql's <c>Npgsql</c> activity source.</summary>
    public bool DisableTracing { get; set; }

    /// <summary>Whether to leave out Npgsql's <c>Npgsql</c> meter.</summary>
    public bool DisableMetrics { get; set; }
}
