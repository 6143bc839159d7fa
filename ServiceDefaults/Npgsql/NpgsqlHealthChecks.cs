using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Npgsql;

namespace ServiceDefaults.Npgsql;

// The integrations' health checks. They carry no tags, so they count for readiness (/health)
// and not for liveness (/alive): a database outage must not get the service restarted.
internal static class NpgsqlHealthChecks
{
    // Bounds how long a probe waits. Npgsql's own connect and command timeouts (15 s and 30 s)
    // are longer than a caller of a health endpoint waits, and with retries on, a DbContext
    // reports an unreachable server only after its whole retry schedule, about a minute.
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    public static void AddDataSourceCheck(IHostApplicationBuilder builder, string name, string? serviceKey) =>
        OncePerHost.Register(builder, $"HealthCheck.{name}", () =>
            builder.Services.AddHealthChecks().Add(new HealthCheckRegistration(
                name,
                services => new NpgsqlDataSourceHealthCheck(services.GetRequiredKeyedService<NpgsqlDataSource>(serviceKey)),
                failureStatus: null,
                tags: null,
                Timeout)));

    public static void AddDbContextCheck<TContext>(IHostApplicationBuilder builder)
        where TContext : DbContext
    {
        var name = typeof(TContext).Name;
        OncePerHost.Register(builder, $"HealthCheck.{name}", () =>
            builder.Services.AddHealthChecks().Add(new HealthCheckRegistration(
                name,
                services => new DbContextHealthCheck<TContext>(services.GetRequiredService<TContext>()),
                failureStatus: null,
                tags: null,
                Timeout)));
    }
}
