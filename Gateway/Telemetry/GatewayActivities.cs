using System.Diagnostics;

namespace Gateway.Telemetry;

// The gateway's own spans (source "Gateway", which the service defaults trace). The Redis
// client's instrumentation is off in the gateway: it profiles every command under every
// request, sampled or not, behind locks all requests contend for. These spans cover the two
// ledger operations a request runs instead, and cost nothing when the request is not sampled.
public static class GatewayActivities
{
    public const string SourceName = "Gateway";

    private static readonly ActivitySource Source = new(SourceName);

    // A Redis script call under the current request's span; null when nobody records it.
    public static Activity? RedisScript(string name)
    {
        var activity = Source.StartActivity(name, ActivityKind.Client);
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag("db.system.name", "redis");
            activity.SetTag("db.operation.name", "EVAL");
        }

        return activity;
    }
}
