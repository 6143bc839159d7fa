using DataAccess.Postgres;

namespace DataService.Hosting;

internal static class PostgresDataSourceRegistration
{
    // The PostgreSQL data source the data layer takes, through Aspire's Npgsql integration
    // (health check, traces, metrics, settings from Aspire:Npgsql), when its connection
    // string is set.
    public static IHostApplicationBuilder AddPostgresDataSource(this IHostApplicationBuilder builder)
    {
        if (builder.Configuration.GetConnectionString(DataAccessHostingExtensions.PostgresConnectionName) is not null)
        {
            builder.AddNpgsqlDataSource(
                DataAccessHostingExtensions.PostgresConnectionName, configureDataSourceBuilder: PostgresDataSourcePolicy.For(builder.Services));
        }

        return builder;
    }
}
