namespace DataService.Alerts;

// The JSON body POSTed to a rule's webhook. since: when the condition started holding;
// at: when this evaluation saw it fire or resolve; value: the metric then.
public sealed record AlertNotification(
    Guid AlertId,
    string Metric,
    string Operator,
    double Threshold,
    double Value,
    AlertStatus Status,
    DateTimeOffset Since,
    DateTimeOffset At);
