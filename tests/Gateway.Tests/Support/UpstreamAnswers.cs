using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace Gateway.Tests.Support;

// Error answers the stand-in Anthropic API gives for one account.
public static class UpstreamAnswers
{
    public static async Task RefuseAsync(HttpContext context, int status, string type, DateTimeOffset? reset, string? message = null)
    {
        context.Response.StatusCode = status;
        if (reset is { } at)
        {
            context.Response.Headers["anthropic-ratelimit-unified-reset"] = at.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        }

        await context.Response.WriteAsJsonAsync(new { type = "error", error = new { type, message = message ?? $"upstream says {type}" } });
    }
}
