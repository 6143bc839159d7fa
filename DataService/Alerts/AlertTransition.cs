namespace DataService.Alerts;

// What one evaluation does to a rule: the state it moves to, since when the condition has held
// there, and the notification the move sends, if any. ok -> pending -> firing while the
// condition holds (straight to firing when the duration is 0), back to ok when it stops; only
// firing and resolving are notified.
internal sealed record AlertTransition(AlertState To, DateTimeOffset? ConditionSince, AlertStatus? Notify)
{
    // Null when the rule stays as it is.
    public static AlertTransition? Decide(AlertRule rule, bool conditionHolds, DateTimeOffset now) => (rule.State, conditionHolds) switch
    {
        (AlertState.Ok, true) when rule.Duration == 0 => new(AlertState.Firing, now, AlertStatus.Firing),
        (AlertState.Ok, true) => new(AlertState.Pending, now, null),
        (AlertState.Pending, true) when now - rule.ConditionSince >= TimeSpan.FromSeconds(rule.Duration) =>
            new(AlertState.Firing, rule.ConditionSince, AlertStatus.Firing),
        (AlertState.Pending, false) => new(AlertState.Ok, null, null),
        (AlertState.Firing, false) => new(AlertState.Ok, null, AlertStatus.Resolved),
        _ => null,
    };
}
