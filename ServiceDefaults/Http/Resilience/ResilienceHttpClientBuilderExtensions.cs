using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http;
using ServiceDefaults.Http.Resilience;

namespace Microsoft.Extensions.DependencyInjection;

// Named as in Microsoft.Extensions.Http.Resilience, so service code reads the same.
public static class ResilienceHttpClientBuilderExtensions
{
    public static IHttpClientBuilder AddStandardResilienceHandler(this IHttpClientBuilder builder, Action<HttpResilienceOptions>? configure = null)
    {
        var registration = new StandardResilienceHandlerRegistration(configure);
        builder.Services.TryAddSingleton<HttpResiliencePipelines>();

        // Unlike AddHttpMessageHandler, this hook tells which client the handler is for, so
        // each client gets a pipeline of its own. A null name applies it to every client.
        builder.Services.Configure<HttpClientFactoryOptions>(builder.Name, factory =>
            factory.HttpMessageHandlerBuilderActions.Add(handlers =>
                handlers.AdditionalHandlers.Add(registration.CreateHandler(handlers.Name ?? string.Empty, handlers.Services))));

        return builder;
    }
}
