using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Polly;

namespace ServiceDefaults.Http.Resilience;

// One call of AddStandardResilienceHandler: makes the handler for each client it applies to.
internal sealed class StandardResilienceHandlerRegistration(Action<HttpResilienceOptions>? configure)
{
    public DelegatingHandler CreateHandler(string clientName, IServiceProvider services)
    {
        var pipeline = services.GetRequiredService<HttpResiliencePipelines>().GetOrAdd(this, clientName, () => CreatePipeline(services));
        return new ResilienceHandler(pipeline);
    }

    private ResiliencePipeline<HttpResponseMessage> CreatePipeline(IServiceProvider services)
    {
        var options = new HttpResilienceOptions();
        services.GetService<IConfiguration>()?.GetSection(HttpResilienceOptions.ConfigurationSectionName).Bind(options);
        configure?.Invoke(options);

        var timeProvider = services.GetService<TimeProvider>() ?? TimeProvider.System;
        var loggerFactory = services.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance;
        return StandardResiliencePipeline.Create(options, timeProvider, loggerFactory.CreateLogger<ResilienceHandler>());
    }
}
