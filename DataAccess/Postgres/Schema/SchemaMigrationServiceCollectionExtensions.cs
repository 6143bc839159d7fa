using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace DataAccess.Postgres.Schema;

/// <summary>Registers <see cref="SchemaMigrator"/>.</summary>
public static class SchemaMigrationServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="SchemaMigrator"/> with the migrations embedded in DataAccess, unless an
    /// <see cref="IMigrationSource"/> is registered already. It migrates the database of the
    /// registered <see cref="Npgsql.NpgsqlDataSource"/>.
    /// </summary>
    public static IServiceCollection AddSchemaMigrator(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);

        services.TryAddSingleton<IMigrationSource, EmbeddedMigrationSource>();
        services.TryAddSingleton<SchemaMigrator>();
        return services;
    }
}
