using Gateway.Accounts;
using Gateway.Usage;

namespace Gateway.Forwarding;

// One attempt to send a request upstream with one account: what the transformer needs to
// build the upstream request and what it learned from the response headers.
public sealed class UpstreamAttempt(ClaudeAccount account, string accessToken, string upstreamPath, bool mayRetry, bool readUsage)
{
    public ClaudeAccount Account { get; } = account;

    public string AccessToken { get; } = accessToken;

    public string UpstreamPath { get; } = upstreamPath;

    // A 429 on this attempt is not passed on: the request is sent again with another account.
    public bool MayRetry { get; } = mayRetry;

    public bool ReadUsage { get; } = readUsage;

    // The account's proxy, when it has one.
    public DataAccess.Accounts.ProxyConfig? Proxy { get; init; }

    // The client's body, read already; null for a route without one.
    public RequestBody? Body { get; init; }

    public long SentAt { get; set; }

    public int Status { get; set; }

    public bool RetryRequested { get; set; }

    public DateTimeOffset? RateLimitResetAt { get; set; }

    public UsageReader? Usage { get; set; }
}
