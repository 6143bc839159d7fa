using System.Data.Common;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace ServiceDefaults.Npgsql;

// Stands in for Npgsql.DependencyInjection's AddNpgsqlDataSource, which this machine's package
// feed does not carry: the same services, lifetimes and TryAdd semantics. A null key registers
// plain services; the keyed descriptors then behave as unkeyed ones.
internal static class NpgsqlDataSourceServices
{
    public static void Add(
        IServiceCollection services,
        object? serviceKey,
        Func<string> resolveConnectionString,
        Action<NpgsqlDataSourceBuilder>? configureDataSourceBuilder)
    {
        services.TryAdd(new ServiceDescriptor(
            typeof(NpgsqlDataSource),
            serviceKey,
            (provider, _) =>
            {
                var dataSourceBuilder = new NpgsqlDataSourceBuilder(resolveConnectionString());
                dataSourceBuilder.UseLoggerFactory(provider.GetService<ILoggerFactory>());
                configureDataSourceBuilder?.Invoke(dataSourceBuilder);
                return dataSourceBuilder.Build();
            },
            ServiceLifetime.Singleton));

        services.TryAdd(new ServiceDescriptor(
            typeof(DbDataSource),
            serviceKey,
            (provider, key) => provider.GetRequiredKeyedService<NpgsqlDataSource>(key),
            ServiceLifetime.Singleton));

        services.TryAdd(new ServiceDescriptor(
            typeof(NpgsqlConnection),
            serviceKey,
            (provider, key) => provider.GetRequiredKeyedService<NpgsqlDataSource>(key).CreateConnection(),
            ServiceLifetime.Transient));

        services.TryAdd(new ServiceDescriptor(
            typeof(DbConnection),
            serviceKey,
            (provider, key) => provider.GetRequiredKeyedService<NpgsqlConnection>(key),
            ServiceLifetime.Transient));
    }
}
