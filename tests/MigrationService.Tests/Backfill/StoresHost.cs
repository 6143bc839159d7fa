using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using TestSupport;

namespace MigrationService.Tests.Backfill;

// The data-access services a service would have with these settings, on the given clock.
internal static class StoresHost
{
    public static IHost Build(IDictionary<string, string?> settings, TimeProvider? time = null)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Configuration.AddInMemoryCollection(settings);
        if (time is not null)
        {
            builder.Services.AddSingleton(time);
        }

        builder.AddPostgresDataSourceAsTheServicesDo();
        builder.AddRedisClientsAsTheServicesDo();
        builder.AddDataAccess();
        return builder.Build();
    }
}
