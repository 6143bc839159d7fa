namespace DataAccess.Accounts.OAuth;

// Bound from "DataAccess:ClaudeOAuth". The defaults are the public Claude Code OAuth client
// the legacy relay uses.
public sealed class OAuthOptions
{
    public Uri TokenEndpoint { get; set; } = new("https://console.anthropic.com/v1/oauth/token");

    public string ClientId { get; set; } = "9d1c250a-e61b-44d9-88ed-5944d1962f5e";

    // Refresh a token this long before it expires.
    public TimeSpan RefreshAhead { get; set; } = TimeSpan.FromMinutes(1);

    // The most one refresh may take, retries of the HTTP client included: a token endpoint
    // that is down fails the refresh within this instead of holding the caller.
    public TimeSpan RefreshTimeout { get; set; } = TimeSpan.FromSeconds(3);
}
