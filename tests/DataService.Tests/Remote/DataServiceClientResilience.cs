using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Http.Resilience;

namespace DataService.Tests.Remote;

// The standard resilience handlers AddServiceDefaults gives every HttpClient, with retries
// milliseconds apart instead of seconds, and whatever else a test changes.
public static class DataServiceClientResilience
{
    public static void UseFastRetries(this IHostApplicationBuilder builder, Action<HttpStandardResilienceOptions>? configure = null) =>
        builder.Services.ConfigureAll<HttpStandardResilienceOptions>(options =>
        {
            options.Retry.Delay = TimeSpan.FromMilliseconds(10);
            configure?.Invoke(options);
        });

    // AddServiceDefaults sends no POST again; these tests lose answers to POSTs on purpose and
    // need the request sent again, as the standard handler does for every method.
    public static void RetryEveryMethod(HttpStandardResilienceOptions options) =>
        options.Retry.ShouldHandle = arguments => ValueTask.FromResult(HttpClientResiliencePredicates.IsTransient(arguments.Outcome));
}
