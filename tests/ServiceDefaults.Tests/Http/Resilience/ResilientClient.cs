using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using ServiceDefaults.Http.Resilience;

namespace ServiceDefaults.Tests.Http.Resilience;

// An HttpClient from the client factory with only the standard resilience handler, waiting
// milliseconds between retries so that tests stay fast.
internal sealed class ResilientClient : IDisposable
{
    private readonly ServiceProvider _services;

    private ResilientClient(ServiceProvider services, AttemptCounter counter)
    {
        _services = services;
        Counter = counter;
        Http = services.GetRequiredService<IHttpClientFactory>().CreateClient(nameof(ResilientClient));
    }

    public HttpClient Http { get; }

    public AttemptCounter Counter { get; }

    public static ResilientClient Create(
        Action<HttpResilienceOptions>? configure = null,
        Dictionary<string, string?>? configuration = null,
        TimeProvider? timeProvider = null,
        Func<HttpMessageHandler>? primaryHandler = null)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(configuration ?? []).Build());
        if (timeProvider is not null)
        {
            services.AddSingleton(timeProvider);
        }

        var counter = new AttemptCounter();
        var client = services.AddHttpClient(nameof(ResilientClient))
            .AddStandardResilienceHandler(options =>
            {
                options.RetryBaseDelay = TimeSpan.FromMilliseconds(1);
                configure?.Invoke(options);
            })
            .AddHttpMessageHandler(counter.CreateHandler);
        if (primaryHandler is not null)
        {
            client.ConfigurePrimaryHttpMessageHandler(primaryHandler);
        }

        return new ResilientClient(services.BuildServiceProvider(), counter);
    }

    public void Dispose() => _services.Dispose();
}
