using System.Globalization;

namespace Gateway.Accounts;

// How the upstream says an account is rate limited: a 429, or (as the legacy relay also
// reads it) an error answer of another status whose body says "exceed your account's rate
// limit". The reset it announces is anthropic-ratelimit-unified-reset, in epoch seconds.
public static class UpstreamRateLimit
{
    public const string BodyPattern = "exceed your account's rate limit";

    // Error bodies are small JSON documents; a larger body is not read for the pattern.
    private const long MaxInspectedBody = 64 * 1024;

    public static async ValueTask<bool> IsRateLimitedAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var status = (int)response.StatusCode;
        if (status == StatusCodes.Status429TooManyRequests)
        {
            return true;
        }

        if (status < 400 || response.Content.Headers.ContentLength is > MaxInspectedBody)
        {
            return false;
        }

        // Buffered, so the body still reaches the client when it is passed on.
        try
        {
            await response.Content.LoadIntoBufferAsync(MaxInspectedBody, cancellationToken);
        }
        catch (HttpRequestException)
        {
            return false;
        }

        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        return body.Contains(BodyPattern, StringComparison.OrdinalIgnoreCase);
    }

    public static DateTimeOffset? ResetOf(HttpResponseMessage response) =>
        response.Headers.TryGetValues("anthropic-ratelimit-unified-reset", out var values)
        && long.TryParse(values.FirstOrDefault(), NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            ? DateTimeOffset.FromUnixTimeSeconds(seconds)
            : null;
}
