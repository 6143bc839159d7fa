using Polly;

namespace ServiceDefaults.Http.Resilience;

// Runs each request through the resilience pipeline; every attempt goes down the rest of the
// handler chain.
internal sealed class ResilienceHandler(ResiliencePipeline<HttpResponseMessage> pipeline) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        context.Properties.Set(StandardResiliencePipeline.RequestKey, request);
        try
        {
            return await pipeline.ExecuteAsync(
                static (context, state) => state.Handler.SendAttemptAsync(state.Request, context.CancellationToken),
                context,
                (Handler: this, Request: request));
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    private ValueTask<HttpResponseMessage> SendAttemptAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
        new(base.SendAsync(request, cancellationToken));
}
