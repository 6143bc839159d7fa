using DataAccess.ApiKeys;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Gateway.Accounts;

// Picks the account for a request, once: the account bound to the key; else the sticky
// account of the conversation; else the best schedulable shared account (highest priority,
// i.e. lowest number, then least recently used). A resting account is never chosen, sticky
// or not; a bound account that cannot serve falls back to the shared pool, as the legacy
// scheduler does.
public sealed class AccountSelector(AccountPool pool, IConnectionMultiplexer redis, TimeProvider time, IOptions<GatewayOptions> options)
{
    private static readonly TimeSpan FirstLoadWait = TimeSpan.FromSeconds(5);

    public async ValueTask<ClaudeAccount?> ChooseAsync(ApiKeyValidation key, string? sessionHash, string? stickyMapping, Guid? exclude)
    {
        if (!pool.FirstLoad.IsCompleted)
        {
            await pool.FirstLoad.WaitAsync(FirstLoadWait).ContinueWith(_ => { }, TaskScheduler.Default);
        }

        var now = time.GetUtcNow();
        var nowMs = now.ToUnixTimeMilliseconds();
        if (Guid.TryParse(key.AccountBindings.ClaudeAccountId, out var boundId)
            && pool.Find(boundId) is { } bound
            && bound.Id != exclude
            && !pool.IsResting(bound.Id, nowMs))
        {
            bound.MarkUsed(now);
            return bound;
        }

        if (StickySessions.AccountOf(stickyMapping) is { } stickyId
            && pool.Find(stickyId) is { IsShared: true } sticky
            && sticky.Id != exclude
            && !pool.IsResting(sticky.Id, nowMs))
        {
            sticky.MarkUsed(now);
            return sticky;
        }

        var best = Best(exclude, nowMs);
        if (best is null)
        {
            return null;
        }

        best.MarkUsed(now);
        if (sessionHash is not null)
        {
            _ = redis.GetDatabase().StringSetAsync(
                StickySessions.Key(sessionHash), StickySessions.Mapping(best.Id), options.Value.Accounts.StickyTtl, flags: CommandFlags.FireAndForget);
        }

        return best;
    }

    private ClaudeAccount? Best(Guid? exclude, long nowMs)
    {
        ClaudeAccount? best = null;
        foreach (var account in pool.Accounts)
        {
            if (best is not null && account.Priority > best.Priority)
            {
                break;
            }

            if (!account.IsShared || account.Id == exclude || pool.IsResting(account.Id, nowMs))
            {
                continue;
            }

            if (best is null || account.LastUsedTicks < best.LastUsedTicks)
            {
                best = account;
            }
        }

        return best;
    }
}
