using System.Diagnostics.Metrics;
using DataAccess.Accounts;
using Gateway.Telemetry;
using Microsoft.Extensions.Options;

namespace Gateway.Accounts;

// The gauge gateway.accounts: the Claude accounts by state as this gateway sees them. Every
// account is read from the DataService every RefreshInterval (all states, not only the
// schedulable ones the pool holds); the rests this gateway knows of (its own and its peers')
// are applied when the gauge is observed.
//   paused: switched off or not schedulable; error: in error (stored, or resting after
//   repeated 401/403); rate_limited: stored or resting until an announced reset;
//   cooling_down: resting after a 5xx/529; active: everything else.
public sealed partial class AccountStates : BackgroundService
{
    public const string InstrumentName = "gateway.accounts";

    public static readonly IReadOnlyList<string> States = ["active", "rate_limited", "cooling_down", "error", "paused"];

    private static readonly HashSet<string> s_errorStatuses = new(StringComparer.Ordinal) { AccountStatus.Error, "unauthorized", "blocked" };

    private readonly IClaudeAccountStore _accounts;
    private readonly AccountPool _pool;
    private readonly TimeProvider _time;
    private readonly TimeSpan _interval;
    private readonly ILogger<AccountStates> _logger;
    private volatile IReadOnlyList<Account> _known = [];

    public AccountStates(
        IClaudeAccountStore accounts,
        AccountPool pool,
        TimeProvider time,
        IMeterFactory meters,
        IOptions<GatewayOptions> options,
        ILogger<AccountStates> logger)
    {
        (_accounts, _pool, _time, _interval, _logger) = (accounts, pool, time, options.Value.Accounts.RefreshInterval, logger);
        meters.Create(GatewayMetrics.MeterName).CreateObservableGauge(InstrumentName, Observe, "{account}", "Claude accounts by state (active, rate_limited, cooling_down, error, paused).");
    }

    public async Task RefreshAsync(CancellationToken cancellationToken)
    {
        var result = await _accounts.GetAvailableAccountsAsync(new AvailableAccountQuery { AnyState = true }, cancellationToken);
        if (result.Success)
        {
            _known = result.Data!;
        }
        else
        {
            LogReadFailed(result.Code);
        }
    }

    private string StateOf(Account account, long nowMs)
    {
        var rest = _pool.RestReason(account.Id, nowMs);
        return (account.IsActive && account.Schedulable, rest) switch
        {
            (false, _) => "paused",
            (_, AccountHealth.UnauthorizedRest) => "error",
            _ when s_errorStatuses.Contains(account.Status) => "error",
            (_, AccountHealth.RateLimitedRest) => "rate_limited",
            _ when account.RateLimitStatus.IsRateLimited => "rate_limited",
            (_, AccountHealth.CooldownRest) => "cooling_down",
            _ => "active",
        };
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                await RefreshAsync(stoppingToken);
                await Task.Delay(_interval, _time, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The gateway stops.
        }
    }

    private IEnumerable<Measurement<long>> Observe()
    {
        var nowMs = _time.GetUtcNow().ToUnixTimeMilliseconds();
        var counts = States.ToDictionary(state => state, _ => 0L, StringComparer.Ordinal);
        foreach (var account in _known)
        {
            counts[StateOf(account, nowMs)]++;
        }

        return States.Select(state => new Measurement<long>(counts[state], new KeyValuePair<string, object?>("state", state)));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reading the accounts' states from the DataService failed ({Code}); the gauge shows the last ones read.")]
    private partial void LogReadFailed(string? code);
}
