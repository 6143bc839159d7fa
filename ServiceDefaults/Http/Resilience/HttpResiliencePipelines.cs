using System.Collections.Concurrent;
using Polly;

namespace ServiceDefaults.Http.Resilience;

// Keeps one pipeline per handler registration and client. The client factory rebuilds handler
// chains every few minutes; the circuit breaker's record of recent failures must outlive that.
internal sealed class HttpResiliencePipelines
{
    private readonly ConcurrentDictionary<(StandardResilienceHandlerRegistration Registration, string ClientName), ResiliencePipeline<HttpResponseMessage>> _pipelines = new();

    public ResiliencePipeline<HttpResponseMessage> GetOrAdd(
        StandardResilienceHandlerRegistration registration,
        string clientName,
        Func<ResiliencePipeline<HttpResponseMessage>> create) =>
        _pipelines.GetOrAdd((registration, clientName), _ => create());
}
