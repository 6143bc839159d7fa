namespace DataAccess.Postgres.Entities;

// A row of alert_rules.
internal sealed class AlertRuleEntity
{
    public Guid Id { get; set; }

    public string Metric { get; set; } = "";

    public double Threshold { get; set; }

    public string Operator { get; set; } = ">";

    public int DurationSeconds { get; set; }

    public string? Webhook { get; set; }

    public string State { get; set; } = "ok";

    public DateTimeOffset? ConditionSince { get; set; }

    public DateTimeOffset? LastFiredAt { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}
