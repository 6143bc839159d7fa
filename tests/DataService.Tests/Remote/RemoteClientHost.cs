using DataAccess.Remote;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Logging;

namespace DataService.Tests.Remote;

// A service on the remote backend set up as the app's services are (AddServiceDefaults,
// then AddDataAccess), with retries a few milliseconds apart instead of seconds.
public static class RemoteClientHost
{
    public static IHost Build(
        IReadOnlyDictionary<string, string?> settings, Func<HttpMessageHandler>? connection = null, Action<HttpStandardResilienceOptions>? resilience = null)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Database:Type"] = "remote",
            [$"{DataServiceClientOptions.SectionName}:Token"] = "client-token",
        });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.AddServiceDefaults();
        builder.AddDataAccess();
        builder.UseFastRetries(resilience);
        if (connection is not null)
        {
            builder.Services.AddHttpClient(DataServiceClient.HttpClientName).ConfigurePrimaryHttpMessageHandler(connection);
        }

        return builder.Build();
    }
}
