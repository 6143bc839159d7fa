namespace DataService.Alerts;

// A notification and where it goes.
internal sealed record AlertDelivery(Uri Webhook, AlertNotification Notification);
