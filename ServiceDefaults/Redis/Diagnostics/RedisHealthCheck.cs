using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ServiceDefaults.Redis;

// Healthy when a PING comes back within the timeout.
internal sealed class RedisHealthCheck(RedisClient client, TimeSpan timeout) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            var latency = await client.PingAsync(deadline.Token);
            return HealthCheckResult.Healthy($"PING answered in {latency.TotalMilliseconds:0.0} ms.");
        }
        catch (Exception exception) when (exception is RedisException or OperationCanceledException)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, $"Redis did not answer PING: {exception.Message}", exception);
        }
    }
}
