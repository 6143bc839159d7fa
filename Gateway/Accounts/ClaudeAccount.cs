using DataAccess.Accounts;

namespace Gateway.Accounts;

// A schedulable account as this gateway sees it: what the DataService said, plus when this
// process last sent it a request (least recently used goes first among equals).
public sealed class ClaudeAccount(Account account)
{
    private long _lastUsedTicks = account.LastUsedAt?.UtcTicks ?? 0;

    public Account Data { get; private set; } = account;

    public Guid Id => Data.Id;

    public int Priority => Data.Priority;

    // Shared accounts serve every key; dedicated ones only the keys bound to them, group
    // accounts only the keys bound to one of their groups.
    public bool IsShared => Data.AccountType is "shared" or "";

    public bool IsInGroup(Guid groupId) => Data.GroupIds.Contains(groupId);

    // Accounts without a known plan are assumed to serve every model, as the relay assumes.
    public bool CanServe(string? model) =>
        !AccountSubscription.IsOpusModel(model) || Data.Subscription is not { CanServeOpus: false };

    public long LastUsedTicks => Interlocked.Read(ref _lastUsedTicks);

    public void MarkUsed(DateTimeOffset now) => Interlocked.Exchange(ref _lastUsedTicks, now.UtcTicks);

    // A newer read keeps the later of the two last-used times: another gateway may have used
    // the account since.
    public void Update(Account account)
    {
        Data = account;
        if (account.LastUsedAt is { } lastUsed && lastUsed.UtcTicks > LastUsedTicks)
        {
            Interlocked.Exchange(ref _lastUsedTicks, lastUsed.UtcTicks);
        }
    }
}
