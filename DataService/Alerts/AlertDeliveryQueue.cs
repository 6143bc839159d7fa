namespace DataService.Alerts;

// Sends notifications in the background, so that a slow or dead webhook never holds up the
// evaluation of the other rules. One rule's notifications go out in the order of its
// transitions: a resolved never overtakes the firing still being retried before it.
internal sealed class AlertDeliveryQueue(AlertWebhookSender sender) : IHostedService, IDisposable
{
    private readonly Lock _lock = new();
    private readonly Dictionary<Guid, Task> _lastPerAlert = [];
    private readonly CancellationTokenSource _stopping = new();

    public void Enqueue(AlertDelivery delivery)
    {
        var alertId = delivery.Notification.AlertId;
        lock (_lock)
        {
            var sending = SendAfterAsync(_lastPerAlert.GetValueOrDefault(alertId, Task.CompletedTask), delivery);
            _lastPerAlert[alertId] = sending;
            sending.ContinueWith(sent => Forget(alertId, sent), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    // Notifications still being retried get until the host's shutdown timeout, then stop.
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        Task[] pending;
        lock (_lock)
        {
            pending = [.. _lastPerAlert.Values];
        }

        try
        {
            await Task.WhenAll(pending).WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            await _stopping.CancelAsync();
        }
    }

    public void Dispose() => _stopping.Dispose();

    private async Task SendAfterAsync(Task previous, AlertDelivery delivery)
    {
        await previous.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        await sender.SendAsync(delivery, _stopping.Token);
    }

    private void Forget(Guid alertId, Task sent)
    {
        lock (_lock)
        {
            if (_lastPerAlert.TryGetValue(alertId, out var last) && last == sent)
            {
                _lastPerAlert.Remove(alertId);
            }
        }
    }
}
