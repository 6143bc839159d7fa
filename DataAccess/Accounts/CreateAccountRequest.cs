namespace DataAccess.Accounts;

public sealed record CreateAccountRequest
{
    public Guid? Id { get; init; }

    public required string Name { get; init; }

    public string? Description { get; init; }

    public required OAuthCredentials OAuthData { get; init; }

    public ProxyConfig? ProxyConfig { get; init; }

    // shared (default) | dedicated | group
    public string? AccountType { get; init; }

    // 1-100, lower is preferred; 50 when absent.
    public int? Priority { get; init; }

    public bool? Schedulable { get; init; }
}

public sealed record OAuthCredentials
{
    public required string AccessToken { get; init; }

    public string? RefreshToken { get; init; }

    // OpenAI accounts carry an id token too.
    public string? IdToken { get; init; }

    public IReadOnlyList<string> Scopes { get; init; } = [];

    public DateTimeOffset? ExpiresAt { get; init; }
}

public sealed record ProxyConfig
{
    // http | https | socks5
    public required string Type { get; init; }

    public required string Host { get; init; }

    public required int Port { get; init; }

    public string? Username { get; init; }

    public string? Password { get; init; }
}

public sealed record CreatedAccount(Guid Id, string Name, string Status, DateTimeOffset CreatedAt);
