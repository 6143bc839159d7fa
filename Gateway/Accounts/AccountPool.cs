using System.Collections.Concurrent;
using DataAccess.Accounts;
using Microsoft.Extensions.Options;

namespace Gateway.Accounts;

// The schedulable Claude accounts, read from the DataService every RefreshInterval and at
// once when the invalidation channel says accounts changed; accounts resting after an
// upstream error (rate limit, cooldown, unauthorized) until a given time, shared with the
// other gateways through AccountStateChannel. Selection reads only this memory.
public sealed partial class AccountPool(
    IClaudeAccountStore accounts,
    TimeProvider time,
    IOptions<GatewayOptions> options,
    ILogger<AccountPool> logger) : BackgroundService
{
    private readonly ConcurrentDictionary<Guid, long> _restingUntilMs = new();
    private readonly ConcurrentDictionary<Guid, (long UntilMs, string Reason)> _restReasons = new();
    private readonly SemaphoreSlim _refreshRequested = new(0, 1);

    // One refresh at a time, so a list read earlier never replaces one read later.
    private readonly SemaphoreSlim _refreshing = new(1, 1);
    private volatile ClaudeAccount[] _accounts = [];
    private Dictionary<Guid, ClaudeAccount> _byId = [];
    private readonly TaskCompletionSource _firstLoad = new(TaskCreationOptions.RunContinuationsAsynchronously);

    // Sorted by priority (lower first).
    public IReadOnlyList<ClaudeAccount> Accounts => _accounts;

    public ClaudeAccount? Find(Guid id) => _byId.GetValueOrDefault(id);

    public Task FirstLoad => _firstLoad.Task;

    public bool IsResting(Guid accountId, long nowMs) =>
        _restingUntilMs.TryGetValue(accountId, out var until) && until > nowMs;

    public void RestUntil(Guid accountId, long untilMs, string reason)
    {
        _restingUntilMs.AddOrUpdate(accountId, untilMs, (_, current) => Math.Max(current, untilMs));
        _restReasons.AddOrUpdate(accountId, (untilMs, reason), (_, current) => untilMs >= current.UntilMs ? (untilMs, reason) : current);
    }

    // Why the account rests now (AccountHealth's reasons), or null when it does not.
    public string? RestReason(Guid accountId, long nowMs) =>
        _restReasons.TryGetValue(accountId, out var rest) && rest.UntilMs > nowMs ? rest.Reason : null;

    public void RequestRefresh()
    {
        if (_refreshRequested.CurrentCount == 0)
        {
            try
            {
                _refreshRequested.Release();
            }
            catch (SemaphoreFullException)
            {
                // Another caller asked at the same moment; one refresh serves both.
            }
        }
    }

    public async Task RefreshAsync(CancellationToken cancellationToken)
    {
        await _refreshing.WaitAsync(cancellationToken);
        try
        {
            await RefreshOnceAsync(cancellationToken);
        }
        finally
        {
            _refreshing.Release();
        }
    }

    private async Task RefreshOnceAsync(CancellationToken cancellationToken)
    {
        var result = await accounts.GetAvailableAccountsAsync(new AvailableAccountQuery(), cancellationToken);
        if (!result.Success)
        {
            LogRefreshFailed(result.Code);
            return;
        }

        var byId = _byId;
        var next = new Dictionary<Guid, ClaudeAccount>();
        foreach (var account in result.Data!)
        {
            if (byId.TryGetValue(account.Id, out var known))
            {
                known.Update(account);
                next[account.Id] = known;
            }
            else
            {
                next[account.Id] = new ClaudeAccount(account);
            }
        }

        _byId = next;
        _accounts = [.. next.Values.OrderBy(account => account.Priority)];
        var nowMs = time.GetUtcNow().ToUnixTimeMilliseconds();
        foreach (var (id, until) in _restingUntilMs)
        {
            if (until <= nowMs)
            {
                _restingUntilMs.TryRemove(new KeyValuePair<Guid, long>(id, until));
                _restReasons.TryRemove(id, out _);
            }
        }

        _firstLoad.TrySetResult();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = options.Value.Accounts.RefreshInterval;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await RefreshAsync(stoppingToken);
                await _refreshRequested.WaitAsync(interval, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reading the schedulable accounts from the DataService failed ({Code}); the last list stays in use.")]
    private partial void LogRefreshFailed(string? code);
}
