using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ServiceDefaults.Npgsql;

// Every way of registering a DbContext (AddDbContext, AddDbContextPool, AddDbContextFactory)
// registers its DbContextOptions<TContext>, so that descriptor tells whether, and with which
// lifetime, a context is registered.
internal static class DbContextRegistration
{
    public static void ThrowIfRegistered<TContext>(IServiceCollection services, string callerName)
        where TContext : DbContext
    {
        if (FindOptions<TContext>(services) is not null)
        {
            throw new InvalidOperationException(
                $"DbContext<{typeof(TContext).Name}> is already registered. Please ensure "
                + $"'services.AddDbContext<{typeof(TContext).Name}>()' is not used when calling "
                + $"'{callerName}()' or use the corresponding 'Enrich' method.");
        }
    }

    public static ServiceLifetime GetOptionsLifetime<TContext>(IServiceCollection services, string callerName)
        where TContext : DbContext =>
        FindOptions<TContext>(services)?.Lifetime
        ?? throw new InvalidOperationException(
            $"DbContext<{typeof(TContext).Name}> was not registered. Ensure you have registered "
            + $"the DbContext in DI before calling {callerName}.");

    private static ServiceDescriptor? FindOptions<TContext>(IServiceCollection services)
        where TContext : DbContext =>
        services.LastOrDefault(descriptor => descriptor.ServiceType == typeof(DbContextOptions<TContext>));
}
