using Gateway.Routing;

namespace Gateway.Authentication;

// Finds the client's key where the legacy relay looked (section 6 of the legacy layout):
// the first non-empty of x-api-key, x-goog-api-key, authorization (a leading "Bearer "
// removed), api-key, the query parameter key.
public static class ApiKeyExtractor
{
    private const int MinimumLength = 10;
    private const int MaximumLength = 512;

    public static string? Extract(HttpRequest request)
    {
        var headers = request.Headers;
        if (First(headers["x-api-key"]) is { } apiKey)
        {
            return apiKey;
        }

        if (First(headers["x-goog-api-key"]) is { } googKey)
        {
            return googKey;
        }

        if (First(headers.Authorization) is { } authorization)
        {
            var value = authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? authorization[7..].Trim() : authorization;
            if (value.Length > 0)
            {
                return value;
            }
        }

        return First(headers["api-key"]) ?? First(request.Query["key"]);
    }

    // Refused without touching storage.
    public static AnthropicError? CheckFormat(string? key, string prefix)
    {
        if (key is null)
        {
            return AnthropicError.Unauthorized("Missing API key");
        }

        if (key.Length is < MinimumLength or > MaximumLength)
        {
            return AnthropicError.Unauthorized("Invalid API key format");
        }

        return key.StartsWith(prefix, StringComparison.Ordinal) ? null : AnthropicError.Unauthorized("Invalid API key format");
    }

    private static string? First(Microsoft.Extensions.Primitives.StringValues values) =>
        values.Count > 0 && !string.IsNullOrEmpty(values[0]) ? values[0] : null;
}
