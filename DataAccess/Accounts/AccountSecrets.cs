namespace DataAccess.Accounts;

// What an account keeps encrypted at rest, serialized as one JSON document.
public sealed record AccountSecrets
{
    public string? AccessToken { get; init; }

    public string? RefreshToken { get; init; }

    public string? IdToken { get; init; }

    public string? ProxyPassword { get; init; }

    // Further secrets of migrated accounts (the OAuth payload, e-mail, ...), by field name.
    public Dictionary<string, string> Other { get; init; } = [];
}
