using System.Text.RegularExpressions;
using DataAccess.ApiKeys;
using Gateway.Routing;

namespace Gateway.Authentication;

// Step 3 of the legacy order and the route-level checks: client restriction (User-Agent
// patterns of the predefined clients), permission for the Claude route family, and the
// model deny list, each a 403.
public static partial class RequestAuthorization
{
    public static AnthropicError? CheckClient(ApiKeyValidation key, HttpRequest request)
    {
        var restrictions = key.Restrictions;
        if (!restrictions.EnableClientRestriction || restrictions.AllowedClients.Count == 0)
        {
            return null;
        }

        var userAgent = request.Headers.UserAgent.ToString();
        foreach (var client in restrictions.AllowedClients)
        {
            var allowed = client switch
            {
                "claude_code" => ClaudeCode().IsMatch(userAgent),
                "gemini_cli" => GeminiCli().IsMatch(userAgent),
                _ => false,
            };
            if (allowed)
            {
                return null;
            }
        }

        return AnthropicError.Forbidden("Client not allowed");
    }

    // Keys made for other platforms only (gemini, openai) do not open the Claude routes.
    public static AnthropicError? CheckPermission(ApiKeyValidation key) =>
        key.Permissions is ApiKeyPermissions.All or ApiKeyPermissions.Claude or "messages" or ""
            ? null
            : AnthropicError.Forbidden("This API key does not have permission to access Claude");

    public static AnthropicError? CheckModel(ApiKeyValidation key, string? model)
    {
        var restrictions = key.Restrictions;
        if (!restrictions.EnableModelRestriction || model is null)
        {
            return null;
        }

        foreach (var restricted in restrictions.RestrictedModels)
        {
            if (string.Equals(restricted, model, StringComparison.Ordinal))
            {
                return AnthropicError.Forbidden($"Model {model} is not allowed for this API key");
            }
        }

        return null;
    }

    [GeneratedRegex(@"^claude-cli/[\d.]+\s+\(", RegexOptions.IgnoreCase)]
    private static partial Regex ClaudeCode();

    [GeneratedRegex(@"^GeminiCLI/v?[\d.]+\s+\(", RegexOptions.IgnoreCase)]
    private static partial Regex GeminiCli();
}
