using System.Diagnostics;
using System.Net.Http.Headers;
using Gateway.Accounts;
using Gateway.Telemetry;
using Gateway.Usage;
using Yarp.ReverseProxy.Forwarder;

namespace Gateway.Forwarding;

// Turns the client's request into the account's: the client's key never leaves the gateway
// (x-api-key, authorization, api-key, x-goog-api-key and the key query parameter are
// dropped), the account's OAuth access token goes as bearer with the OAuth beta flag, and
// the anthropic-* headers pass unchanged. On the way back it notes the status, holds back a
// rate-limit answer (429 or the rate-limit body) that will be retried on another account
// and a proxy's refusal (407), and starts reading usage from the body.
public sealed class ClaudeTransformer(GatewayMetrics metrics) : HttpTransformer
{
    public const string OAuthBeta = "oauth-2025-04-20";

    private static readonly string[] ClientKeyHeaders = ["x-api-key", "api-key", "x-goog-api-key"];

    public override async ValueTask TransformRequestAsync(HttpContext httpContext, HttpRequestMessage proxyRequest, string destinationPrefix, CancellationToken cancellationToken)
    {
        await base.TransformRequestAsync(httpContext, proxyRequest, destinationPrefix, cancellationToken);
        var attempt = httpContext.Features.Get<UpstreamAttempt>()!;
        var headers = proxyRequest.Headers;
        foreach (var header in ClientKeyHeaders)
        {
            headers.Remove(header);
        }

        headers.Authorization = new AuthenticationHeaderValue("Bearer", attempt.AccessToken);
        var betas = headers.TryGetValues("anthropic-beta", out var values) ? string.Join(',', values) : "";
        if (!betas.Split(',', StringSplitOptions.TrimEntries).Contains(OAuthBeta))
        {
            headers.Remove("anthropic-beta");
            headers.TryAddWithoutValidation("anthropic-beta", betas.Length == 0 ? OAuthBeta : $"{betas},{OAuthBeta}");
        }

        proxyRequest.RequestUri = RequestUtilities.MakeDestinationAddress(destinationPrefix, attempt.UpstreamPath, WithoutKey(httpContext.Request.QueryString));
        if (attempt.Body is { Length: > 0 } body)
        {
            proxyRequest.Options.Set(BufferedBodyHandler.Body, body);
        }

        attempt.SentAt = Stopwatch.GetTimestamp();
    }

    public override async ValueTask<bool> TransformResponseAsync(HttpContext httpContext, HttpResponseMessage? proxyResponse, CancellationToken cancellationToken)
    {
        var attempt = httpContext.Features.Get<UpstreamAttempt>()!;
        if (proxyResponse is null)
        {
            return await base.TransformResponseAsync(httpContext, proxyResponse, cancellationToken);
        }

        attempt.Status = (int)proxyResponse.StatusCode;
        metrics.UpstreamLatency(Stopwatch.GetElapsedTime(attempt.SentAt), attempt.Status);
        if (attempt.Status == StatusCodes.Status407ProxyAuthenticationRequired && attempt.Proxy is not null)
        {
            // The account's proxy refused its credentials: the gateway answers for it.
            return false;
        }

        if (!proxyResponse.IsSuccessStatusCode && await UpstreamRateLimit.IsRateLimitedAsync(proxyResponse, cancellationToken))
        {
            attempt.Status = StatusCodes.Status429TooManyRequests;
            attempt.RateLimitResetAt = UpstreamRateLimit.ResetOf(proxyResponse);
            if (attempt.MayRetry)
            {
                attempt.RetryRequested = true;
                return false;
            }
        }

        if (attempt.ReadUsage && proxyResponse.IsSuccessStatusCode)
        {
            attempt.Usage = new UsageReader(eventStream: proxyResponse.Content.Headers.ContentType?.MediaType == "text/event-stream");
        }

        if (httpContext.Features.Get<RequestEnding>() is { } ending)
        {
            httpContext.Response.Body = new AnswerStream(httpContext.Response.Body, attempt.Usage, proxyResponse.Content.Headers.ContentLength, () => ending.End(attempt));
        }

        return await base.TransformResponseAsync(httpContext, proxyResponse, cancellationToken);
    }

    private static QueryString WithoutKey(QueryString query)
    {
        if (!query.HasValue || !query.Value!.Contains("key=", StringComparison.Ordinal))
        {
            return query;
        }

        var kept = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(query.Value)
            .Where(pair => pair.Key != "key")
            .SelectMany(pair => pair.Value.Select(value => new KeyValuePair<string, string?>(pair.Key, value)));
        return QueryString.Create(kept);
    }
}
