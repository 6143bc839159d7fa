using DataService.Alerts;
using DataService.Authentication;
using DataService.Http;
using DataService.Monitoring;

namespace DataService.Endpoints;

public static class MonitoringEndpoints
{
    public static IEndpointRouteBuilder MapMonitoringEndpoints(this IEndpointRouteBuilder routes)
    {
        var monitoring = routes.MapGroup("/api/v1/monitoring").WithTags("Monitoring").RequireAuthorization(DataServicePolicies.Admin);

        monitoring.MapGet("/metrics", (string? timeRange, PerformanceMonitor monitor) =>
                ApiResults.From(monitor.GetPerformanceMetrics(timeRange)))
            .Answers<PerformanceMetrics>()
            .WithSummary("This instance's database, cache and error figures over ?timeRange=5m|1h|24h|7d (default 1h).");

        monitoring.MapGet("/queries", (int? limit, PerformanceMonitor monitor) =>
                ApiResults.From(monitor.GetQueryStats(limit)))
            .Answers<QueryStats>()
            .WithSummary("The slowest and the most frequent normalized statements since start-up; ?limit=1..100 (default 10).");

        monitoring.MapPost("/alerts", async (CreateAlertRequest request, AlertService alerts, CancellationToken cancellationToken) =>
                ApiResults.From(await alerts.SetPerformanceAlertAsync(request, cancellationToken), StatusCodes.Status201Created))
            .Answers<AlertRule>(StatusCodes.Status201Created)
            .WithSummary("Alert when a metric compares to a threshold for a duration (seconds); the webhook is told when it fires and resolves.");

        monitoring.MapGet("/alerts", async (AlertService alerts, CancellationToken cancellationToken) =>
                ApiResults.From(await alerts.GetAlertsAsync(cancellationToken)))
            .Answers<IReadOnlyList<AlertRule>>();

        monitoring.MapDelete("/alerts/{id:guid}", async (Guid id, AlertService alerts, CancellationToken cancellationToken) =>
                ApiResults.From(await alerts.DeleteAlertAsync(id, cancellationToken)))
            .Answers();

        return routes;
    }
}
