using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using TestSupport;

namespace Benchmarks;

// The data layer in the benchmark's own process, wired as a service wires it, with the
// settings a service process of the same benchmark receives as environment variables.
internal static class DataAccessHost
{
    public static IHost Build(Dictionary<string, string> environment)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Configuration.AddInMemoryCollection(environment.ToDictionary(pair => pair.Key.Replace("__", ":"), pair => (string?)pair.Value));
        builder.AddPostgresDataSourceAsTheServicesDo();
        builder.AddRedisClientsAsTheServicesDo();
        builder.AddDataAccess();
        return builder.Build();
    }
}
