using DataAccess.Accounts;
using DataAccess.ApiKeys;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Gateway.Accounts;

// Picks the account for a request, once: the account bound to the key; else, for a key bound
// to an account group ("group:{id}"), the group's sticky member or its best member; else the
// sticky account of the conversation; else the best schedulable shared account (highest
// priority, i.e. lowest number, then least recently used). A resting account is never
// chosen, sticky or not, nor one whose plan cannot serve the requested model (Opus on a Pro
// account). A bound account that cannot serve falls back to the shared pool, as the legacy
// scheduler does; a group that cannot serve does not (the relay answers that the group has
// no available account).
public sealed class AccountSelector(AccountPool pool, IConnectionMultiplexer redis, TimeProvider time, IOptions<GatewayOptions> options)
{
    public const string GroupPrefix = "group:";

    private static readonly TimeSpan FirstLoadWait = TimeSpan.FromSeconds(5);

    public async ValueTask<ClaudeAccount?> ChooseAsync(ApiKeyValidation key, string? model, string? sessionHash, string? stickyMapping, Guid? exclude)
    {
        if (!pool.FirstLoad.IsCompleted)
        {
            await pool.FirstLoad.WaitAsync(FirstLoadWait).ContinueWith(_ => { }, TaskScheduler.Default);
        }

        var now = time.GetUtcNow();
        var nowMs = now.ToUnixTimeMilliseconds();
        bool Usable(ClaudeAccount account) => account.Id != exclude && !pool.IsResting(account.Id, nowMs) && account.CanServe(model);

        var binding = key.AccountBindings.ClaudeAccountId;
        if (GroupOf(binding) is { } groupId)
        {
            return Use(Pick(account => account.IsInGroup(groupId) && Usable(account), stickyMapping), sessionHash, now);
        }

        if (Guid.TryParse(binding, out var boundId) && pool.Find(boundId) is { } bound && Usable(bound))
        {
            bound.MarkUsed(now);
            return bound;
        }

        return Use(Pick(account => account.IsShared && Usable(account), stickyMapping), sessionHash, now);
    }

    // What a client is told when no account can take its request.
    public static string NoAccountMessage(ApiKeyValidation key, string? model) =>
        (GroupOf(key.AccountBindings.ClaudeAccountId) is not null, AccountSubscription.IsOpusModel(model)) switch
        {
            (true, true) => "No available Claude accounts in the key's account group can serve Opus models",
            (true, false) => "No available Claude accounts in the key's account group",
            (false, true) => "No available Claude accounts can serve Opus models",
            _ => "No available Claude accounts",
        };

    public static Guid? GroupOf(string? binding) =>
        binding is not null && binding.StartsWith(GroupPrefix, StringComparison.Ordinal) && Guid.TryParse(binding.AsSpan(GroupPrefix.Length), out var groupId)
            ? groupId
            : null;

    // The sticky account when it is still a candidate; else the best candidate (the one whose
    // mapping is then written). Null when there is none.
    private (ClaudeAccount Account, bool Sticky)? Pick(Func<ClaudeAccount, bool> candidate, string? stickyMapping)
    {
        if (StickySessions.AccountOf(stickyMapping) is { } stickyId && pool.Find(stickyId) is { } sticky && candidate(sticky))
        {
            return (sticky, true);
        }

        ClaudeAccount? best = null;
        foreach (var account in pool.Accounts)
        {
            if (best is not null && account.Priority > best.Priority)
            {
                break;
            }

            if (candidate(account) && (best is null || account.LastUsedTicks < best.LastUsedTicks))
            {
                best = account;
            }
        }

        return best is null ? null : (best, false);
    }

    private ClaudeAccount? Use((ClaudeAccount Account, bool Sticky)? choice, string? sessionHash, DateTimeOffset now)
    {
        if (choice is not { } chosen)
        {
            return null;
        }

        chosen.Account.MarkUsed(now);
        if (!chosen.Sticky && sessionHash is not null)
        {
            _ = redis.GetDatabase().StringSetAsync(
                StickySessions.Key(sessionHash), StickySessions.Mapping(chosen.Account.Id), options.Value.Accounts.StickyTtl, flags: CommandFlags.FireAndForget);
        }

        return chosen.Account;
    }
}
