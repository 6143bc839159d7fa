using DataAccess.Remote;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Gateway.Tests.Support;

// One gateway instance, in memory, wired like in the app: the DataService through its client
// (here over the in-memory DataService's handler), Redis and the upstream directly.
public sealed class GatewayHost(
    IReadOnlyDictionary<string, string?> settings, Func<HttpMessageHandler> dataService, DataServiceTraffic dataServiceTraffic, Action<IServiceCollection> configureServices)
    : WebApplicationFactory<GatewayOptions>
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
        builder.ConfigureTestServices(services =>
        {
            services.AddHttpClient(DataServiceClient.HttpClientName).ConfigurePrimaryHttpMessageHandler(() => new DataServiceLink(dataService(), dataServiceTraffic));
            configureServices(services);
        });
    }
}
