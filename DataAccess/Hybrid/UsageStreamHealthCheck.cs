using DataAccess.Redis;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace DataAccess.Hybrid;

// The write-behind buffer as the operator must see it: Degraded while dead letters wait to
// be looked at (records that were not counted) or the backlog outgrows DegradedBacklog
// (PostgreSQL is not keeping up, or is down). Redis being unreachable is the Redis health
// check's to report; usage then goes to PostgreSQL directly.
internal sealed class UsageStreamHealthCheck(UsageStream stream) : IHealthCheck
{
    public const string Name = "usage-stream";

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var dead = await stream.DeadLettersAsync(cancellationToken);
            var backlog = await stream.BacklogAsync(cancellationToken);
            var data = new Dictionary<string, object> { ["backlog"] = backlog, ["deadLetters"] = dead };
            var options = stream.Options;
            if (dead > 0)
            {
                return HealthCheckResult.Degraded(
                    $"{dead} usage entries could not be written and wait in {options.DeadLetterKey} (XRANGE shows each with its reason); delete them once handled.", data: data);
            }

            return backlog > options.DegradedBacklog
                ? HealthCheckResult.Degraded($"{backlog} usage entries wait in {options.StreamKey} to be written to PostgreSQL.", data: data)
                : HealthCheckResult.Healthy(data: data);
        }
        catch (Exception exception) when (exception.IsRedisFailure())
        {
            return HealthCheckResult.Degraded("The usage stream cannot be read.", exception);
        }
    }
}
