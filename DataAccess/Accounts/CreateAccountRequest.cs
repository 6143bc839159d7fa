using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using DataAccess.Validation;

namespace DataAccess.Accounts;

public sealed record CreateAccountRequest
{
    public Guid? Id { get; init; }

    [MaxLength(AccountRules.MaxNameLength)]
    public required string Name { get; init; }

    [MaxLength(InputLimits.LongTextLength)]
    public string? Description { get; init; }

    [JsonPropertyName("oauthData")]
    public required OAuthCredentials OAuthData { get; init; }

    public ProxyConfig? ProxyConfig { get; init; }

    // shared (default) | dedicated | group
    public string? AccountType { get; init; }

    // 1-100, lower is preferred; 50 when absent.
    [Range(1, 100)]
    public int? Priority { get; init; }

    public bool? Schedulable { get; init; }
}

public sealed record OAuthCredentials
{
    [MaxLength(InputLimits.TokenLength)]
    public required string AccessToken { get; init; }

    [MaxLength(InputLimits.TokenLength)]
    public string? RefreshToken { get; init; }

    // OpenAI accounts carry an id token too.
    [MaxLength(InputLimits.TokenLength)]
    public string? IdToken { get; init; }

    public IReadOnlyList<string> Scopes { get; init; } = [];

    public DateTimeOffset? ExpiresAt { get; init; }
}

public sealed record ProxyConfig
{
    // http | https | socks5
    public required string Type { get; init; }

    public required string Host { get; init; }

    [Range(1, 65535)]
    public required int Port { get; init; }

    public string? Username { get; init; }

    [MaxLength(InputLimits.TokenLength)]
    public string? Password { get; init; }
}

public sealed record CreatedAccount(Guid Id, string Name, string Status, DateTimeOffset CreatedAt);
