using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace AppHost.Hosting.Health;

/// <summary>One check, made from the AppHost, of whether a resource can do its work.</summary>
internal interface IHealthProbe
{
    /// <summary>Healthy, or Unhealthy with a description of what failed. Does not throw for an unhealthy resource.</summary>
    Task<HealthCheckResult> CheckAsync(CancellationToken cancellationToken);
}
