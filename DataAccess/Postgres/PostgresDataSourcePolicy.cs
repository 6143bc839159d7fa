using DataAccess.Postgres.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;

namespace DataAccess.Postgres;

// How the services build their PostgreSQL data source, passed by the host to Aspire's
// AddNpgsqlDataSource("postgres", configureDataSourceBuilder: ...). The data source is named
// (and the name registered) so that pool metrics and statement traces can be told apart: a
// process with one data source (a service) reports it as "postgres"; one with several (hosts
// side by side in tests) numbers the others.
public static class PostgresDataSourcePolicy
{
    private const int AutoPreparedStatements = 50;
    private static int s_dataSources;

    public static Action<NpgsqlDataSourceBuilder> For(IServiceCollection services)
    {
        var name = NextName();
        services.AddSingleton(name);
        return dataSource =>
        {
            dataSource.Name = name.Value;

            // The same few statements run all the time (validation, usage upserts); prepared
            // once per connection they skip parsing and planning. An explicit setting wins.
            if (dataSource.ConnectionStringBuilder.MaxAutoPrepare == 0)
            {
                dataSource.ConnectionStringBuilder.MaxAutoPrepare = AutoPreparedStatements;
            }
        };
    }

    private static PostgresDataSourceName NextName()
    {
        var number = Interlocked.Increment(ref s_dataSources);
        var connection = DataAccessHostingExtensions.PostgresConnectionName;
        return new PostgresDataSourceName(number == 1 ? connection : $"{connection}-{number}");
    }
}
