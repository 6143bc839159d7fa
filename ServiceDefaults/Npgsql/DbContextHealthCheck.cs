using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ServiceDefaults.Npgsql;

// Healthy when the context can connect to its database: the test AddDbContextCheck (package
// Microsoft.Extensions.Diagnostics.HealthChecks.EntityFrameworkCore, which Aspire uses) makes.
// It is our own so that its registration can carry a timeout, which AddDbContextCheck cannot.
// The context comes from the scope HealthCheckService opens for each run, so a pooled context
// goes back to its pool afterwards.
internal sealed class DbContextHealthCheck<TContext>(TContext context) : IHealthCheck
    where TContext : DbContext
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext healthCheckContext, CancellationToken cancellationToken = default)
    {
        try
        {
            return await context.Database.CanConnectAsync(cancellationToken)
                ? HealthCheckResult.Healthy()
                : new HealthCheckResult(healthCheckContext.Registration.FailureStatus);
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            // A cancelled check is left to HealthCheckService, which reports the timeout itself.
            return new HealthCheckResult(healthCheckContext.Registration.FailureStatus, exception: exception);
        }
    }
}
