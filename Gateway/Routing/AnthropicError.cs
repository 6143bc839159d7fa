using System.Text.Json;

namespace Gateway.Routing;

// Every answer the gateway itself gives is shaped like the Anthropic API's errors, so
// clients (the SDKs, Claude Code) show the message instead of failing to parse it:
// {"type":"error","error":{"type":...,"message":...}}.
public readonly record struct AnthropicError(int Status, string Type, string Message, TimeSpan? RetryAfter = null)
{
    public static AnthropicError Unauthorized(string message) => new(StatusCodes.Status401Unauthorized, "authentication_error", message);

    public static AnthropicError Forbidden(string message) => new(StatusCodes.Status403Forbidden, "permission_error", message);

    public static AnthropicError NotFound(string message) => new(StatusCodes.Status404NotFound, "not_found_error", message);

    public static AnthropicError BadRequest(string message) => new(StatusCodes.Status400BadRequest, "invalid_request_error", message);

    public static AnthropicError TooLarge(string message) => new(StatusCodes.Status413PayloadTooLarge, "request_too_large", message);

    public static AnthropicError RateLimited(string message, TimeSpan? retryAfter = null) => new(StatusCodes.Status429TooManyRequests, "rate_limit_error", message, retryAfter);

    public static AnthropicError Unavailable(string message) => new(StatusCodes.Status503ServiceUnavailable, "overloaded_error", message);

    public static AnthropicError Upstream(string message) => new(StatusCodes.Status502BadGateway, "api_error", message);

    public async Task WriteAsync(HttpContext context)
    {
        var response = context.Response;
        if (response.HasStarted)
        {
            return;
        }

        response.StatusCode = Status;
        response.ContentType = "application/json";
        if (RetryAfter is { } retryAfter)
        {
            response.Headers.RetryAfter = Math.Max(1, (long)Math.Ceiling(retryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        await using var writer = new Utf8JsonWriter(response.BodyWriter);
        writer.WriteStartObject();
        writer.WriteString("type", "error");
        writer.WriteStartObject("error");
        writer.WriteString("type", Type);
        writer.WriteString("message", Message);
        writer.WriteEndObject();
        writer.WriteEndObject();
        await writer.FlushAsync(context.RequestAborted);
    }
}
