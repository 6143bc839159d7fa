using DataAccess.ApiKeys;
using Gateway.Accounts;
using Gateway.Routing;
using Microsoft.Extensions.Options;
using Yarp.ReverseProxy.Forwarder;

namespace Gateway.Forwarding;

// Sends the request upstream with the chosen account and streams the answer back as it
// comes (YARP flushes SSE events one by one; a client that goes away cancels the upstream
// request). An upstream 429 rests the account until its announced reset, an access token
// that cannot be obtained rests it for the cooldown, and either way, since nothing has
// reached the client yet, the request is sent once more with another account.
public sealed partial class ClaudeForwarder(
    IHttpForwarder forwarder,
    ClaudeTransformer transformer,
    AccountSelector selector,
    AccessTokens tokens,
    AccountHealth health,
    UpstreamClients clients,
    IOptions<GatewayOptions> options,
    ILogger<ClaudeForwarder> logger)
{
    private readonly string _upstream = options.Value.Upstreams.Claude.ToString().TrimEnd('/');
    private readonly ForwarderRequestConfig _config = new() { ActivityTimeout = options.Value.UpstreamActivityTimeout };

    // The attempt that answered the client, or null when the gateway answered itself.
    public async Task<UpstreamAttempt?> ForwardAsync(HttpContext context, ApiKeyValidation key, RelayRoute route, RequestBody? body, string? stickyMapping)
    {
        Guid? exclude = null;

        // What the client is told when the account first tried failed and no other is left.
        AnthropicError? failedOver = null;
        for (var attemptNumber = 0; attemptNumber < 2; attemptNumber++)
        {
            var account = await selector.ChooseAsync(key, body?.Model, body?.SessionHash, stickyMapping, exclude);
            if (account is null)
            {
                await (failedOver ?? AnthropicError.Unavailable(AccountSelector.NoAccountMessage(key, body?.Model))).WriteAsync(context);
                return null;
            }

            var token = await tokens.GetAsync(account.Id);
            if (!token.Success)
            {
                // Rested like an account that answered 5xx, so that one account whose token
                // cannot be had (its refresh failing) does not take every request it is chosen
                // for; this request goes once to another account.
                LogNoToken(account.Id, token.Code);
                health.OnServerError(account);
                if (attemptNumber == 0)
                {
                    exclude = account.Id;
                    failedOver = AnthropicError.Upstream("The upstream account's access token could not be obtained and no other account is available");
                    stickyMapping = null;
                    continue;
                }

                await AnthropicError.Upstream("The upstream account's access token could not be obtained").WriteAsync(context);
                return null;
            }

            var attempt = new UpstreamAttempt(account, token.Data!.AccessToken, route.UpstreamPath, mayRetry: attemptNumber == 0, readUsage: route.RecordsUsage)
            {
                Proxy = token.Data.Proxy,
                Body = body,
            };
            context.Features.Set(attempt);

            var result = await forwarder.SendAsync(context, _upstream, clients.For(attempt.Proxy), _config, transformer);
            await ReportAsync(attempt, body?.SessionHash);
            if (attempt.RetryRequested)
            {
                context.Response.StatusCode = StatusCodes.Status200OK;
                context.Response.Headers.Clear();
                exclude = account.Id;
                failedOver = AnthropicError.RateLimited("The upstream account is rate limited and no other account is available", attempt.RateLimitResetAt - DateTimeOffset.UtcNow);
                stickyMapping = null;
                continue;
            }

            if (ProxyFailure(context, attempt, result) is { } proxyFailure)
            {
                await proxyFailure.WriteAsync(context);
            }
            else if (result != ForwarderError.None && !context.Response.HasStarted && !context.RequestAborted.IsCancellationRequested)
            {
                await (result == ForwarderError.RequestTimedOut
                    ? new AnthropicError(StatusCodes.Status504GatewayTimeout, "api_error", "The upstream did not answer in time")
                    : AnthropicError.Upstream("The upstream could not be reached")).WriteAsync(context);
            }

            return attempt;
        }

        return null;
    }

    // An account's proxy that refused its credentials (407) or could not be used (a SOCKS5
    // authentication failure, a refused tunnel): the client is told it was the proxy.
    private static AnthropicError? ProxyFailure(HttpContext context, UpstreamAttempt attempt, ForwarderError result)
    {
        if (attempt.Proxy is not { } proxy || context.Response.HasStarted || context.RequestAborted.IsCancellationRequested)
        {
            return null;
        }

        var address = UpstreamClients.Address(proxy);
        if (attempt.Status == StatusCodes.Status407ProxyAuthenticationRequired)
        {
            return AnthropicError.Upstream($"The account's proxy {address} rejected its credentials (407 Proxy Authentication Required)");
        }

        return result == ForwarderError.Request && context.Features.Get<IForwarderErrorFeature>()?.Exception is { } exception
            ? AnthropicError.Upstream($"The upstream could not be reached through the account's proxy {address}: {exception.GetBaseException().Message}")
            : null;
    }

    private async Task ReportAsync(UpstreamAttempt attempt, string? sessionHash)
    {
        switch (attempt.Status)
        {
            case StatusCodes.Status429TooManyRequests:
                health.OnRateLimited(attempt.Account, attempt.RateLimitResetAt, sessionHash);
                break;
            case StatusCodes.Status401Unauthorized or StatusCodes.Status403Forbidden:
                await health.OnUnauthorizedAsync(attempt.Account, sessionHash);
                break;
            case 529 or >= 500:
                health.OnServerError(attempt.Account);
                break;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "No access token for account {AccountId} ({Code}); it rests for the cooldown.")]
    private partial void LogNoToken(Guid accountId, string? code);
}
