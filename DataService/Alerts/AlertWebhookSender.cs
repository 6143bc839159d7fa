using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace DataService.Alerts;

// POSTs a notification to its webhook, retrying with doubling waits until the webhook
// answers 2xx or the attempts run out. A client of its own rather than one from the factory:
// the shared clients' resilience handler would add retries of its own under these, and never
// retries a POST that reached the server, which is exactly what a failing webhook needs.
internal sealed partial class AlertWebhookSender : IDisposable
{
    private static readonly JsonSerializerOptions s_json = CreateJsonOptions();

    private readonly HttpClient _http;
    private readonly AlertOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<AlertWebhookSender> _logger;

    public AlertWebhookSender(IOptions<AlertOptions> options, TimeProvider time, ILogger<AlertWebhookSender> logger)
    {
        _options = options.Value;
        _time = time;
        _logger = logger;

        // A redirected POST would arrive as a GET; a webhook that redirects is misconfigured.
        _http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
        {
            Timeout = _options.WebhookTimeout,
        };
    }

    public async Task SendAsync(AlertDelivery delivery, CancellationToken cancellationToken)
    {
        var wait = _options.WebhookRetryBaseDelay;
        for (var attempt = 1; ; attempt++)
        {
            var failure = await TryPostAsync(delivery, cancellationToken);
            if (failure is null)
            {
                return;
            }

            if (attempt == _options.WebhookMaxAttempts)
            {
                LogGaveUp(delivery.Notification.AlertId, delivery.Notification.Status, Redacted(delivery.Webhook), attempt, failure);
                return;
            }

            LogRetrying(delivery.Notification.AlertId, delivery.Notification.Status, Redacted(delivery.Webhook), attempt, failure, wait);
            await Task.Delay(wait, _time, cancellationToken);
            wait = TimeSpan.FromTicks(Math.Min(wait.Ticks * 2, _options.WebhookRetryMaxDelay.Ticks));
        }
    }

    public void Dispose() => _http.Dispose();

    // Null when the webhook accepted the notification, otherwise what went wrong.
    private async Task<string?> TryPostAsync(AlertDelivery delivery, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await _http.PostAsJsonAsync(delivery.Webhook, delivery.Notification, s_json, cancellationToken);
            return response.IsSuccessStatusCode ? null : $"it answered {(int)response.StatusCode} {response.ReasonPhrase}";
        }
        catch (HttpRequestException exception)
        {
            return exception.Message;
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return $"it did not answer within {_options.WebhookTimeout.TotalSeconds:0.###} s";
        }
    }

    private static JsonSerializerOptions CreateJsonOptions()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        HttpApiExtensions.Configure(options);
        return options;
    }

    // Webhook URLs often carry a token in the query; the logs get scheme, host and path only.
    private static string Redacted(Uri webhook) => webhook.GetLeftPart(UriPartial.Path);

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Alert {AlertId} ({Status}): webhook {Webhook} refused attempt {Attempt} ({Failure}); trying again in {Wait}.")]
    private partial void LogRetrying(Guid alertId, AlertStatus status, string webhook, int attempt, string failure, TimeSpan wait);

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Alert {AlertId} is {Status}, but webhook {Webhook} did not accept the notification in {Attempts} attempts (last: {Failure}). " +
            "The alert's state is saved and this notification will not be sent again; make the webhook reachable and answer 2xx, " +
            "or raise DataService:Monitoring:WebhookMaxAttempts.")]
    private partial void LogGaveUp(Guid alertId, AlertStatus status, string webhook, int attempts, string failure);
}
