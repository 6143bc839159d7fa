using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DataAccess.Remote;

// Loads the storage strategies before the host serves, then again every
// StorageConfigRefreshInterval, so a switch made through another process is seen within
// that interval. Like the hybrid backend with PostgreSQL down, a DataService that cannot be
// reached does not keep the host from starting: it starts on the defaults once the first
// call has failed (within HttpClientDefaults:Resilience:TotalRequestTimeout). Failing loads,
// also those of a token that may not read the strategies, are logged when they start and
// when they end, not on every attempt.
internal sealed partial class StorageConfigRefresher(
    StorageConfigSnapshot snapshot,
    IOptions<DataServiceClientOptions> options,
    TimeProvider time,
    ILogger<StorageConfigRefresher> logger) : BackgroundService
{
    private bool _failing;

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        await RefreshAsync(cancellationToken);
        await base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.StorageConfigRefreshInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await RefreshAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task RefreshAsync(CancellationToken cancellationToken)
    {
        var result = await snapshot.ReloadAsync(cancellationToken);
        if (!result.Success && !_failing)
        {
            LogRefreshFailing(result.Code!, result.Error!);
        }
        else if (result.Success && _failing)
        {
            LogRefreshRecovered();
        }

        _failing = !result.Success;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Storage strategies could not be loaded from the DataService ({Code}: {Error}); GetStorageConfig answers with the last ones loaded, or the defaults.")]
    private partial void LogRefreshFailing(string code, string error);

    [LoggerMessage(Level = LogLevel.Information, Message = "Storage strategies load from the DataService again.")]
    private partial void LogRefreshRecovered();
}
