namespace DataService.Alerts;

// setPerformanceAlert's alertConfig. Everything but the webhook is required; the types are
// nullable so that a missing field is reported by name instead of read as 0.
public sealed record CreateAlertRequest(string? Metric, double? Threshold, string? Operator, int? Duration, string? Webhook);
