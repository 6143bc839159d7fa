namespace DataService.Alerts;

// A performance alert as stored in alert_rules. Duration is in seconds; conditionSince is
// when the condition started holding (pending or firing), lastFiredAt the last time it fired.
public sealed record AlertRule(
    Guid Id,
    string Metric,
    double Threshold,
    string Operator,
    int Duration,
    string? Webhook,
    AlertState State,
    DateTimeOffset? ConditionSince,
    DateTimeOffset? LastFiredAt,
    DateTimeOffset CreatedAt);
