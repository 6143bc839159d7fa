using DataAccess.Postgres;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

namespace TestSupport;

public static class ServicePostgresDataSource
{
    // What DataService's AddPostgresDataSource registers, for hosts a test builds around
    // AddDataAccess: the "postgres" data source, when its connection string is set.
    public static IHostApplicationBuilder AddPostgresDataSourceAsTheServicesDo(this IHostApplicationBuilder builder)
    {
        if (builder.Configuration.GetConnectionString(DataAccessHostingExtensions.PostgresConnectionName) is not null)
        {
            builder.AddNpgsqlDataSource(
                DataAccessHostingExtensions.PostgresConnectionName, configureDataSourceBuilder: PostgresDataSourcePolicy.For(builder.Services));
        }

        return builder;
    }
}
