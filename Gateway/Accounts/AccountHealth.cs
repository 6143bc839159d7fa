using System.Globalization;
using DataAccess.Accounts;
using Gateway.Telemetry;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Gateway.Accounts;

// What an upstream answer says about the account that sent it. A 429 rate-limits the account
// until the announced reset; a 529 or 5xx rests it for a cooldown; 401/403 answers are
// counted in the legacy key claude_account:{id}:401_errors (5 minutes) and at the threshold
// the account is marked in error. Every rest is told to the other gateways at once
// (Channel) and lasting states are stored through the DataService.
public sealed partial class AccountHealth(
    AccountPool pool,
    IClaudeAccountStore accounts,
    IConnectionMultiplexer redis,
    AccessTokens tokens,
    GatewayMetrics metrics,
    TimeProvider time,
    IOptions<GatewayOptions> options,
    ILogger<AccountHealth> logger)
{
    public const string Channel = "crs2:gateway:account-rest";
    public const string UnauthorizedMessage = "Account unauthorized (401 errors detected)";

    // Why an account rests.
    public const string RateLimitedRest = "rate_limited";
    public const string CooldownRest = "cooldown";
    public const string UnauthorizedRest = "unauthorized";

    private static readonly TimeSpan UnauthorizedWindow = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan ErrorRest = TimeSpan.FromDays(1);

    private readonly AccountOptions _options = options.Value.Accounts;

    public void OnRateLimited(ClaudeAccount account, DateTimeOffset? resetAt, string? sessionHash)
    {
        var until = resetAt is { } reset && reset > time.GetUtcNow() ? reset : time.GetUtcNow() + _options.DefaultRateLimit;
        Rest(account.Id, until, RateLimitedRest);
        ForgetSticky(sessionHash);
        Store(account.Id, AccountStatus.RateLimited, new AccountStatusUpdate { RateLimitResetAt = until, LastRequestAt = time.GetUtcNow() });
    }

    public void OnServerError(ClaudeAccount account) =>
        Rest(account.Id, time.GetUtcNow() + _options.Cooldown, CooldownRest);

    public async Task OnUnauthorizedAsync(ClaudeAccount account, string? sessionHash)
    {
        tokens.Forget(account.Id);
        var database = redis.GetDatabase();
        var key = UnauthorizedKey(account.Id);
        var count = await database.StringIncrementAsync(key);
        await database.KeyExpireAsync(key, UnauthorizedWindow, CommandFlags.FireAndForget);
        if (count >= _options.UnauthorizedThreshold)
        {
            Rest(account.Id, time.GetUtcNow() + ErrorRest, UnauthorizedRest);
            ForgetSticky(sessionHash);
            Store(account.Id, AccountStatus.Error, new AccountStatusUpdate { ErrorMessage = UnauthorizedMessage, LastRequestAt = time.GetUtcNow() });
        }
    }

    // Applies a rest another gateway announced (or this one: the channel echoes):
    // "{account id} {until, epoch ms} {reason}".
    public void Apply(string message)
    {
        var parts = message.Split(' ');
        if (parts.Length == 3
            && Guid.TryParse(parts[0], out var accountId)
            && long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var untilMs))
        {
            pool.RestUntil(accountId, untilMs, parts[2]);
        }
    }

    public static RedisKey UnauthorizedKey(Guid accountId) => $"claude_account:{accountId}:401_errors";

    private void Rest(Guid accountId, DateTimeOffset until, string reason)
    {
        var untilMs = until.ToUnixTimeMilliseconds();
        pool.RestUntil(accountId, untilMs, reason);
        metrics.AccountRested(reason);
        LogResting(accountId, reason, until);
        redis.GetSubscriber().Publish(RedisChannel.Literal(Channel), $"{accountId} {untilMs.ToString(CultureInfo.InvariantCulture)} {reason}", CommandFlags.FireAndForget);
    }

    private void ForgetSticky(string? sessionHash)
    {
        if (sessionHash is not null)
        {
            redis.GetDatabase().KeyDelete(StickySessions.Key(sessionHash), CommandFlags.FireAndForget);
        }
    }

    private void Store(Guid accountId, string status, AccountStatusUpdate update) =>
        _ = Task.Run(async () =>
        {
            var result = await accounts.UpdateAccountStatusAsync(accountId, status, update);
            if (!result.Success)
            {
                LogStoreFailed(accountId, status, result.Code);
            }
        });

    [LoggerMessage(Level = LogLevel.Information, Message = "Account {AccountId} rests until {Until} ({Reason}).")]
    private partial void LogResting(Guid accountId, string reason, DateTimeOffset until);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Storing status {Status} of account {AccountId} through the DataService failed ({Code}); this gateway and its peers still rest it.")]
    private partial void LogStoreFailed(Guid accountId, string status, string? code);
}
