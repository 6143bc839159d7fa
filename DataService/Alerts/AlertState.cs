namespace DataService.Alerts;

// Where a rule stands: its condition does not hold (ok), has held for less than the rule's
// duration (pending), or has held for the whole duration and was notified (firing).
public enum AlertState
{
    Ok,
    Pending,
    Firing,
}
