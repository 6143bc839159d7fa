using System.Text.Json;
using DataAccess.Accounts;
using DataAccess.Accounts.OAuth;
using DataAccess.LegacyRedis.Layout;
using DataAccess.Security;

namespace DataAccess.LegacyRedis.Mapping;

// claude:account:{id} (layout §5.6) and openai:account:{id} (§5.7) hashes, both ways. Secrets
// are decrypted with the family's legacy rules; values that do not decrypt are kept as
// stored, so nothing is lost.
public sealed class LegacyAccountFields(LegacySecretCipher cipher)
{
    private static readonly HashSet<string> s_claudeKnown = new(StringComparer.Ordinal)
    {
        "id", "name", "description", "email", "password", "claudeAiOauth", "accessToken", "refreshToken", "expiresAt", "scopes", "proxy",
        "isActive", "accountType", "priority", "schedulable", "status", "errorMessage", "createdAt", "lastUsedAt", "lastRefreshAt", "updatedAt",
        "subscriptionInfo", "rateLimitStatus", "rateLimitedAt", "rateLimitEndAt", "sessionWindowStart", "sessionWindowEnd",
    };

    private static readonly HashSet<string> s_openAiKnown = new(StringComparer.Ordinal)
    {
        "id", "name", "description", "accountType", "priority", "idToken", "accessToken", "refreshToken", "openaiOauth", "email",
        "expiresAt", "isActive", "status", "schedulable", "lastRefresh", "createdAt", "updatedAt", "proxy", "lastUsedAt",
        "rateLimitStatus", "rateLimitedAt", "rateLimitEndAt", "errorMessage",
    };

    // Secret fields that have no place of their own in AccountSecrets.
    private static readonly string[] s_claudeOtherSecrets = ["email", "password", "claudeAiOauth"];
    private static readonly string[] s_openAiOtherSecrets = ["openaiOauth", "email"];

    public LegacyAccountRecord ReadClaude(Guid id, IReadOnlyDictionary<string, string> fields) => new()
    {
        Id = id,
        Platform = AccountPlatform.Claude,
        Name = Get(fields, "name"),
        Description = Get(fields, "description"),
        Status = StatusOf(fields),
        AccountType = AccountTypeOf(fields),
        Priority = PriorityOf(fields),
        Schedulable = JsValues.IsNotFalse(fields.GetValueOrDefault("schedulable")),
        IsActive = JsValues.IsTrue(Get(fields, "isActive")),
        Scopes = Get(fields, "scopes").Split(' ', StringSplitOptions.RemoveEmptyEntries),
        Proxy = ProxyOf(Get(fields, "proxy")),
        TokenExpiresAt = JsValues.ParseEpochMilliseconds(Get(fields, "expiresAt")),
        LastUsedAt = JsValues.ParseIso(Get(fields, "lastUsedAt")),
        LastRefreshAt = JsValues.ParseIso(Get(fields, "lastRefreshAt")),
        RateLimitedAt = JsValues.ParseIso(Get(fields, "rateLimitedAt")),
        RateLimitEndAt = JsValues.ParseIso(Get(fields, "rateLimitEndAt")),
        RateLimitFlag = Get(fields, "rateLimitStatus") == "limited",
        ErrorMessage = NullIfEmpty(Get(fields, "errorMessage")),
        SubscriptionInfo = NullIfEmpty(Get(fields, "subscriptionInfo")),
        SessionWindowStart = JsValues.ParseIso(Get(fields, "sessionWindowStart")),
        SessionWindowEnd = JsValues.ParseIso(Get(fields, "sessionWindowEnd")),
        CreatedAt = JsValues.ParseIso(Get(fields, "createdAt")),
        UpdatedAt = JsValues.ParseIso(Get(fields, "updatedAt")),
        Secrets = new AccountSecrets
        {
            AccessToken = NullIfEmpty(cipher.Decrypt(LegacySecretFamily.ClaudeOAuth, Get(fields, "accessToken"))),
            RefreshToken = NullIfEmpty(cipher.Decrypt(LegacySecretFamily.ClaudeOAuth, Get(fields, "refreshToken"))),
            ProxyPassword = ProxyOf(Get(fields, "proxy"))?.Password,
            Other = OtherSecrets(LegacySecretFamily.ClaudeOAuth, fields, s_claudeOtherSecrets),
        },
        Extras = Extras(fields, s_claudeKnown),
    };

    public LegacyAccountRecord ReadOpenAi(Guid id, IReadOnlyDictionary<string, string> fields) => new()
    {
        Id = id,
        Platform = AccountPlatform.OpenAi,
        Name = Get(fields, "name"),
        Description = Get(fields, "description"),
        Status = StatusOf(fields),
        AccountType = AccountTypeOf(fields),
        Priority = PriorityOf(fields),
        Schedulable = JsValues.IsNotFalse(fields.GetValueOrDefault("schedulable")),
        IsActive = JsValues.IsTrue(Get(fields, "isActive")),
        Proxy = ProxyOf(Get(fields, "proxy")),
        TokenExpiresAt = JsValues.ParseIso(Get(fields, "expiresAt")),
        LastUsedAt = JsValues.ParseIso(Get(fields, "lastUsedAt")),
        LastRefreshAt = JsValues.ParseIso(Get(fields, "lastRefresh")),
        RateLimitedAt = JsValues.ParseIso(Get(fields, "rateLimitedAt")),
        RateLimitEndAt = JsValues.ParseIso(Get(fields, "rateLimitEndAt")),
        RateLimitFlag = Get(fields, "rateLimitStatus") == "limited",
        ErrorMessage = NullIfEmpty(Get(fields, "errorMessage")),
        CreatedAt = JsValues.ParseIso(Get(fields, "createdAt")),
        UpdatedAt = JsValues.ParseIso(Get(fields, "updatedAt")),
        Secrets = new AccountSecrets
        {
            AccessToken = NullIfEmpty(cipher.Decrypt(LegacySecretFamily.OpenAI, Get(fields, "accessToken"))),
            RefreshToken = NullIfEmpty(cipher.Decrypt(LegacySecretFamily.OpenAI, Get(fields, "refreshToken"))),
            IdToken = NullIfEmpty(cipher.Decrypt(LegacySecretFamily.OpenAI, Get(fields, "idToken"))),
            ProxyPassword = ProxyOf(Get(fields, "proxy"))?.Password,
            Other = OtherSecrets(LegacySecretFamily.OpenAI, fields, s_openAiOtherSecrets),
        },
        Extras = Extras(fields, s_openAiKnown),
    };

    // A new Claude account as the legacy relay writes one.
    public Dictionary<string, string> WriteClaude(Guid id, CreateAccountRequest request, DateTimeOffset now)
    {
        var oauth = request.OAuthData;
        var expiresAt = oauth.ExpiresAt?.ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "";
        var oauthDocument = JsValues.Json(new Dictionary<string, object?>
        {
            ["accessToken"] = oauth.AccessToken,
            ["refreshToken"] = oauth.RefreshToken ?? "",
            ["expiresAt"] = oauth.ExpiresAt?.ToUnixTimeMilliseconds(),
            ["scopes"] = oauth.Scopes,
        });
        return new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["id"] = id.ToString(),
            ["name"] = request.Name,
            ["description"] = request.Description ?? "",
            ["email"] = "",
            ["password"] = "",
            ["claudeAiOauth"] = cipher.Encrypt(LegacySecretFamily.ClaudeOAuth, oauthDocument),
            ["accessToken"] = cipher.Encrypt(LegacySecretFamily.ClaudeOAuth, oauth.AccessToken),
            ["refreshToken"] = cipher.Encrypt(LegacySecretFamily.ClaudeOAuth, oauth.RefreshToken ?? ""),
            ["expiresAt"] = expiresAt,
            ["scopes"] = string.Join(' ', oauth.Scopes),
            ["proxy"] = request.ProxyConfig is { } proxy ? ProxyJson(proxy) : "",
            ["isActive"] = "true",
            ["accountType"] = request.AccountType ?? "shared",
            ["priority"] = JsValues.Number(request.Priority ?? 50),
            ["schedulable"] = JsValues.Boolean(request.Schedulable ?? true),
            ["status"] = AccountStatus.Active,
            ["errorMessage"] = "",
            ["createdAt"] = JsValues.Iso(now),
            ["lastUsedAt"] = "",
            ["lastRefreshAt"] = "",
        };
    }

    // A new OpenAI account as openaiAccountService writes one.
    public Dictionary<string, string> WriteOpenAi(Guid id, CreateAccountRequest request, DateTimeOffset now)
    {
        var oauth = request.OAuthData;
        var fields = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["id"] = id.ToString(),
            ["name"] = request.Name,
            ["description"] = request.Description ?? "",
            ["accountType"] = request.AccountType ?? "shared",
            ["groupId"] = "",
            ["priority"] = JsValues.Number(request.Priority ?? 50),
            ["rateLimitDuration"] = "60",
            ["idToken"] = cipher.Encrypt(LegacySecretFamily.OpenAI, oauth.IdToken ?? ""),
            ["accessToken"] = cipher.Encrypt(LegacySecretFamily.OpenAI, oauth.AccessToken),
            ["refreshToken"] = cipher.Encrypt(LegacySecretFamily.OpenAI, oauth.RefreshToken ?? ""),
            ["openaiOauth"] = cipher.Encrypt(LegacySecretFamily.OpenAI, "{}"),
            ["accountId"] = "",
            ["email"] = cipher.Encrypt(LegacySecretFamily.OpenAI, ""),
            ["emailVerified"] = "false",
            ["expiresAt"] = JsValues.Iso(oauth.ExpiresAt ?? now.AddDays(365)),
            ["isActive"] = "true",
            ["status"] = AccountStatus.Active,
            ["schedulable"] = JsValues.Boolean(request.Schedulable ?? true),
            ["lastRefresh"] = JsValues.Iso(now),
            ["createdAt"] = JsValues.Iso(now),
            ["updatedAt"] = JsValues.Iso(now),
        };
        if (request.ProxyConfig is { } proxy)
        {
            fields["proxy"] = ProxyJson(proxy);
        }

        return fields;
    }

    // The fields a Claude token refresh rewrites, as the relay's refresh writes them (the
    // claudeAiOauth document only when the account has one).
    public Dictionary<string, string> WriteClaudeRefresh(IReadOnlyDictionary<string, string> current, OAuthTokens tokens, DateTimeOffset now)
    {
        var changes = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["accessToken"] = cipher.Encrypt(LegacySecretFamily.ClaudeOAuth, tokens.AccessToken),
            ["refreshToken"] = cipher.Encrypt(LegacySecretFamily.ClaudeOAuth, tokens.RefreshToken),
            ["expiresAt"] = JsValues.Number(tokens.ExpiresAt.ToUnixTimeMilliseconds()),
            ["lastRefreshAt"] = JsValues.Iso(now),
            ["status"] = AccountStatus.Active,
            ["errorMessage"] = "",
            ["updatedAt"] = JsValues.Iso(now),
        };
        var scopes = tokens.Scopes ?? Get(current, "scopes").Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (tokens.Scopes is not null)
        {
            changes["scopes"] = string.Join(' ', scopes);
        }

        if (Get(current, "claudeAiOauth").Length > 0)
        {
            changes["claudeAiOauth"] = cipher.Encrypt(LegacySecretFamily.ClaudeOAuth, JsValues.Json(new Dictionary<string, object?>
            {
                ["accessToken"] = tokens.AccessToken,
                ["refreshToken"] = tokens.RefreshToken,
                ["expiresAt"] = tokens.ExpiresAt.ToUnixTimeMilliseconds(),
                ["scopes"] = scopes,
            }));
        }

        return changes;
    }

    public static string ProxyJson(ProxyConfig proxy) => JsValues.Json(new Dictionary<string, object?>
    {
        ["type"] = proxy.Type,
        ["host"] = proxy.Host,
        ["port"] = proxy.Port,
        ["username"] = proxy.Username,
        ["password"] = proxy.Password,
    });

    private Dictionary<string, string> OtherSecrets(LegacySecretFamily family, IReadOnlyDictionary<string, string> fields, string[] names) =>
        names.Where(name => fields.TryGetValue(name, out var value) && value.Length > 0)
            .ToDictionary(name => name, name => cipher.Decrypt(family, fields[name]), StringComparer.Ordinal);

    private static ProxyConfig? ProxyOf(string json)
    {
        if (json.Length == 0)
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            return root.ValueKind == JsonValueKind.Object && root.TryGetProperty("host", out var host) && host.ValueKind == JsonValueKind.String
                ? new ProxyConfig
                {
                    Type = root.TryGetProperty("type", out var type) ? type.GetString() ?? "http" : "http",
                    Host = host.GetString()!,
                    Port = root.TryGetProperty("port", out var port) && port.TryGetInt32(out var number) ? number
                        : port.ValueKind == JsonValueKind.String && int.TryParse(port.GetString(), out var text) ? text : 0,
                    Username = root.TryGetProperty("username", out var user) && user.ValueKind == JsonValueKind.String ? NullIfEmpty(user.GetString()!) : null,
                    Password = root.TryGetProperty("password", out var password) && password.ValueKind == JsonValueKind.String ? NullIfEmpty(password.GetString()!) : null,
                }
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string StatusOf(IReadOnlyDictionary<string, string> fields) =>
        fields.TryGetValue("status", out var status) && status.Length > 0 ? status : AccountStatus.Active;

    private static string AccountTypeOf(IReadOnlyDictionary<string, string> fields) =>
        fields.TryGetValue("accountType", out var type) && type.Length > 0 ? type : "shared";

    private static int PriorityOf(IReadOnlyDictionary<string, string> fields) =>
        fields.TryGetValue("priority", out var priority) && priority.Length > 0 ? (int)Math.Clamp(JsValues.ParseInt(priority), 1, 100) : 50;

    private static Dictionary<string, string> Extras(IReadOnlyDictionary<string, string> fields, HashSet<string> known) =>
        fields.Where(field => !known.Contains(field.Key)).ToDictionary(field => field.Key, field => field.Value, StringComparer.Ordinal);

    private static string Get(IReadOnlyDictionary<string, string> fields, string name) => fields.TryGetValue(name, out var value) ? value : "";

    private static string? NullIfEmpty(string value) => value.Length == 0 ? null : value;
}
