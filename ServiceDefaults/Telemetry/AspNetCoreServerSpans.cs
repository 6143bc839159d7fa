namespace ServiceDefaults.Telemetry;

internal static class AspNetCoreServerSpans
{
    private const string SuppressOpenTelemetryDataSwitch = "Microsoft.AspNetCore.Hosting.SuppressActivityOpenTelemetryData";

    // Through .NET 10 ASP.NET Core leaves the HTTP semantic-convention tags (http.request.method,
    // url.scheme, url.path, server.address, server.port) off its server spans unless this switch
    // is false; ASP.NET Core 11 makes false the default. The health span filter needs url.path.
    // The hosting layer reads the switch when the server starts, so setting it while the host
    // is being built is early enough.
    public static void IncludeSemanticConventionTags() => AppContext.SetSwitch(SuppressOpenTelemetryDataSwitch, false);
}
