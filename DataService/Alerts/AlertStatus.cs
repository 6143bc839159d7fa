namespace DataService.Alerts;

// What a webhook is told: the alert started firing, or it stopped.
public enum AlertStatus
{
    Firing,
    Resolved,
}
