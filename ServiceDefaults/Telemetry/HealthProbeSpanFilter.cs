using System.Diagnostics;
using Microsoft.AspNetCore.Http;
using OpenTelemetry;

namespace ServiceDefaults.Telemetry;

// Orchestrators poll the health endpoints every few seconds; their spans would bury real
// traffic. The Aspire template filters them in the ASP.NET Core instrumentation package;
// without it, a span is dropped by clearing its Recorded flag, which the batch export
// processor checks and which children inherit through the parent-based sampler.
internal sealed class HealthProbeSpanFilter(params string[] probePaths) : BaseProcessor<Activity>
{
    private const string UrlPathTag = "url.path";

    // ASP.NET Core sets url.path when it creates the span, so it can be dropped at start,
    // before any child span (a health check's database ping) decides whether to record.
    public override void OnStart(Activity activity)
    {
        if (activity.Source.Name == NativeInstrumentationExtensions.AspNetCoreActivitySource
            && activity.GetTagItem(UrlPathTag) is string path
            && IsProbePath(path))
        {
            activity.ActivityTraceFlags &= ~ActivityTraceFlags.Recorded;
        }
    }

    private bool IsProbePath(string path) =>
        probePaths.Any(probePath => new PathString(path).StartsWithSegments(probePath));
}
