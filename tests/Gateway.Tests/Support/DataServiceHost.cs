using DataService.Endpoints;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Logging;

namespace Gateway.Tests.Support;

// The real DataService, in memory, on the environment's database and Redis (hybrid backend).
public sealed class DataServiceHost(IReadOnlyDictionary<string, string?> settings) : WebApplicationFactory<AccountStatusRequest>
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
    }
}
