using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Text.Json;

namespace DataService.Tests.Faults;

// Sends a workload as a gateway would: several requests at once, each sent again, with the
// same body and so the same event ids, after any failure (no answer, a broken connection, a
// 5xx) until it is acknowledged, turning to the next DataService instance if there are
// several. A 4xx other than 408/429 is a bug in the test or the service and ends the run.
public sealed class RetryingUsageCaller(IReadOnlyList<HttpClient> instances, int concurrency = 8)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(120);
    private static readonly TimeSpan RetryDelay = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan AttemptTimeout = TimeSpan.FromSeconds(15);

    private readonly ConcurrentDictionary<string, int> _failures = new();
    private long _acknowledged;
    private long _attempts;

    // Records whose request was acknowledged so far.
    public long Acknowledged => Interlocked.Read(ref _acknowledged);

    public long Attempts => Interlocked.Read(ref _attempts);

    public int FailedAttempts => _failures.Values.Sum();

    // The failed attempts by what the caller saw, e.g. "503 CACHE_ERROR" or "HttpRequestException".
    public string FailureSummary => _failures.IsEmpty ? "none" : string.Join(", ", _failures.OrderByDescending(pair => pair.Value).Select(pair => $"{pair.Value}× {pair.Key}"));

    public async Task SendAsync(UsageWorkload workload)
    {
        var queue = new ConcurrentQueue<UsageSend>(workload.Sends);
        var workers = Enumerable.Range(0, concurrency).Select(async worker =>
        {
            while (queue.TryDequeue(out var send))
            {
                await SendUntilAcknowledgedAsync(send, worker);
            }
        });
        await Task.WhenAll(workers);
    }

    // Returns once at least this many records were acknowledged.
    public async Task WaitForAcknowledgedAsync(long records)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (Acknowledged < records)
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Only {Acknowledged} of the {records} records awaited were acknowledged; failures: {FailureSummary}");
            }

            await Task.Delay(10);
        }
    }

    private async Task SendUntilAcknowledgedAsync(UsageSend send, int worker)
    {
        var deadline = DateTime.UtcNow + Patience;
        var body = JsonSerializer.SerializeToUtf8Bytes(send.Body, send.Body.GetType(), JsonSerializerOptions.Web);
        for (var attempt = 0; ; attempt++)
        {
            var client = instances[(worker + attempt) % instances.Count];
            Interlocked.Increment(ref _attempts);
            string failure;
            try
            {
                using var timeout = new CancellationTokenSource(AttemptTimeout);
                using var content = new ByteArrayContent(body);
                content.Headers.ContentType = new("application/json");
                using var response = await client.PostAsync(send.Path, content, timeout.Token);
                var envelope = await response.Content.ReadFromJsonAsync<JsonElement>(timeout.Token);
                if (response.IsSuccessStatusCode && envelope.GetProperty("success").GetBoolean())
                {
                    Interlocked.Add(ref _acknowledged, send.Records);
                    return;
                }

                var code = envelope.TryGetProperty("code", out var value) ? value.GetString() : null;
                if ((int)response.StatusCode is >= 400 and < 500 and not 408 and not 429)
                {
                    throw new InvalidOperationException($"POST {send.Path} was refused ({(int)response.StatusCode} {code}): {envelope}");
                }

                failure = $"{(int)response.StatusCode} {code}";
            }
            catch (Exception exception) when (exception is HttpRequestException or OperationCanceledException or JsonException)
            {
                failure = exception.GetType().Name;
            }

            _failures.AddOrUpdate(failure, 1, (_, count) => count + 1);
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"POST {send.Path} was not acknowledged within {Patience.TotalSeconds} s; failures: {FailureSummary}");
            }

            await Task.Delay(RetryDelay);
        }
    }
}
