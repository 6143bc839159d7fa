using DataAccess;

namespace DataService.Alerts;

// What makes a rule acceptable; each problem names the field of alertConfig at fault.
internal static class AlertRuleValidation
{
    public static DatabaseError? Problem(CreateAlertRequest request) => request switch
    {
        { Metric: null or "" } => DatabaseError.Invalid("metric", "is required."),
        _ when !AlertMetrics.IsKnown(request.Metric) =>
            DatabaseError.Invalid("metric", $"'{request.Metric}' is not a metric; expected one of {string.Join(", ", AlertMetrics.Names)}."),
        { Threshold: null } => DatabaseError.Invalid("threshold", "is required."),
        { Threshold: { } threshold } when !double.IsFinite(threshold) => DatabaseError.Invalid("threshold", "must be a finite number."),
        _ when !AlertOperator.IsKnown(request.Operator) =>
            DatabaseError.Invalid("operator", $"'{request.Operator}' is not an operator; expected one of {string.Join(" ", AlertOperator.All)}."),
        { Duration: null } => DatabaseError.Invalid("duration", "is required (seconds; 0 fires at the first evaluation that sees the condition)."),
        { Duration: < 0 } => DatabaseError.Invalid("duration", "must not be negative."),
        { Webhook: { } webhook } when !IsHttpUrl(webhook) => DatabaseError.Invalid("webhook", "must be an absolute http or https URL."),
        _ => null,
    };

    private static bool IsHttpUrl(string webhook) =>
        Uri.TryCreate(webhook, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);
}
