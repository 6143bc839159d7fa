using Microsoft.Extensions.Hosting;

namespace ServiceDefaults.Npgsql;

// Several integration calls share some registrations: two data sources, a data source next to a
// DbContext, AddNpgsqlDbContext followed by EnrichNpgsqlDbContext. Those registrations must
// happen once per host, because HealthCheckService refuses duplicate check names and the
// OpenTelemetry SDK turns a repeated view into a second stream of the same metric. The marker
// lives in the builder's Properties, which exist for exactly this kind of build-time state.
internal static class OncePerHost
{
    public static void Register(IHostApplicationBuilder builder, string registrationName, Action register)
    {
        if (builder.Properties.TryAdd($"ServiceDefaults.Npgsql.{registrationName}", true))
        {
            register();
        }
    }
}
