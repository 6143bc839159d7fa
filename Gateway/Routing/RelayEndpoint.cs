using System.Diagnostics;
using DataAccess.ApiKeys;
using Gateway.Authentication;
using Gateway.Forwarding;
using Gateway.Limits;
using Gateway.Telemetry;
using Gateway.Usage;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Gateway.Routing;

// A relayed request from start to end, in the legacy order: the key (401), the client,
// the permission and the model (403), the body size (413), the limits (429), then the
// account and the upstream. However the request ends, its lease is released and its usage
// recorded, once.
public sealed partial class RelayEndpoint(
    KeyAuthenticator authenticator,
    RequestLimiter limiter,
    ClaudeForwarder forwarder,
    UsageRecorder recorder,
    GatewayMetrics metrics,
    TimeProvider time,
    IOptions<GatewayOptions> options,
    ILogger<RelayEndpoint> logger)
{
    private readonly GatewayOptions _options = options.Value;

    public async Task HandleAsync(HttpContext context, RelayRoute route)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            await RelayAsync(context, route, started);
        }
        catch (DataServiceUnavailableException)
        {
            metrics.Rejected("dataservice_unavailable");
            await AnthropicError.Unavailable("The gateway cannot validate keys right now").WriteAsync(context);
        }
        catch (Exception exception) when (exception is RedisException or RedisTimeoutException)
        {
            LogRedisUnavailable(exception);
            metrics.Rejected("redis_unavailable");
            await AnthropicError.Unavailable("The gateway cannot check limits right now").WriteAsync(context);
        }
        finally
        {
            metrics.Answered(route.Name, context.Response.StatusCode);
        }
    }

    private async Task RelayAsync(HttpContext context, RelayRoute route, long started)
    {
        var aborted = context.RequestAborted;
        var (key, authError) = await authenticator.AuthenticateAsync(context.Request, aborted);
        if (authError is { } unauthorized)
        {
            await RejectAsync(context, unauthorized, "unauthorized");
            return;
        }

        if ((RequestAuthorization.CheckClient(key!, context.Request) ?? RequestAuthorization.CheckPermission(key!)) is { } forbidden)
        {
            await RejectAsync(context, forbidden, "forbidden");
            return;
        }

        RequestBody? body = null;
        if (route.HasBody)
        {
            if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
            {
                size.MaxRequestBodySize = _options.MaxRequestBodyBytes + 1;
            }

            (body, var bodyError) = await RequestBody.ReadAsync(context.Request, _options.MaxRequestBodyBytes, aborted);
            if (bodyError is { } invalid)
            {
                await RejectAsync(context, invalid, invalid.Status == StatusCodes.Status413PayloadTooLarge ? "body_too_large" : "invalid_body");
                return;
            }
        }

        using (body)
        {
            if (RequestAuthorization.CheckModel(key!, body?.Model) is { } restricted)
            {
                await RejectAsync(context, restricted, "model_restricted");
                return;
            }

            await AdmitAndForwardAsync(context, route, key!, body, started);
        }
    }

    private async Task AdmitAndForwardAsync(HttpContext context, RelayRoute route, ApiKeyValidation key, RequestBody? body, long started)
    {
        // Its lease's name, and its usage record's event id.
        var requestId = RequestIds.Next(time.GetUtcNow());
        var sessionHash = body?.SessionHash;
        LimitDecision decision;
        using (GatewayActivities.RedisScript("redis limits.acquire"))
        {
            decision = await limiter.AcquireAsync(key, requestId.ToString("N"), sessionHash is null ? (RedisKey?)null : Accounts.StickySessions.Key(sessionHash), _options.Accounts.StickyTtl, context.RequestAborted);
        }

        if (!decision.Admitted)
        {
            await RejectAsync(context, decision.Error!.Value, decision.Rejection.ToString());
            return;
        }

        var ending = new RequestEnding(attempt => End(key, requestId, decision.Lease, body, attempt));
        context.Features.Set(ending);
        UpstreamAttempt? attempt = null;
        try
        {
            metrics.TimeAdded(Stopwatch.GetElapsedTime(started));
            attempt = await forwarder.ForwardAsync(context, key, route, body, decision.StickyMapping);

            // Before the response is completed: the ledger runs operations in the order they
            // are asked for, so the client's next request, sent once it has read the answer to
            // its end, finds this one's lease given back.
            ending.End(attempt);
            if (!context.RequestAborted.IsCancellationRequested)
            {
                await context.Response.CompleteAsync();
            }
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client left; its request still ends below.
        }
        finally
        {
            ending.End(attempt);
        }
    }

    // Not awaited: the answer is written, and the connection serves the client's next request
    // while Redis takes this one's ending (which the recorder retries until it succeeds).
    private void End(ApiKeyValidation key, Guid requestId, LeaseForm lease, RequestBody? body, UpstreamAttempt? attempt)
    {
        attempt?.Usage?.Finish();
        var usage = attempt?.Usage is { HasUsage: true } reader ? reader.Usage : (TokenUsage?)null;
        _ = recorder.EndAsync(key, requestId, lease, attempt?.Account.Id, attempt?.Usage?.Model ?? body?.Model, usage, attempt?.Usage?.EventStream ?? false);
        attempt?.Usage?.Dispose();
    }

    private Task RejectAsync(HttpContext context, AnthropicError error, string reason)
    {
        metrics.Rejected(reason);
        return error.WriteAsync(context);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Redis is unavailable; requests are refused until it answers.")]
    private partial void LogRedisUnavailable(Exception exception);
}
