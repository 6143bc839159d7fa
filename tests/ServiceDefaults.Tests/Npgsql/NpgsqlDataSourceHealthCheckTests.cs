using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace ServiceDefaults.Tests.Npgsql;

public sealed class NpgsqlDataSourceHealthCheckTests(NpgsqlDatabaseFixture database) : IClassFixture<NpgsqlDatabaseFixture>
{
    [Fact]
    public async Task Healthy_when_the_database_answers()
    {
        using var host = BuildHost(database.ConnectionString);

        var report = await host.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync();

        Assert.Equal(HealthStatus.Healthy, report.Entries["PostgreSql"].Status);
    }

    [Fact]
    public async Task Unhealthy_when_nothing_listens_on_the_port()
    {
        using var host = BuildHost(UnusedPort.PostgresConnectionString());

        var report = await host.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync();

        var entry = report.Entries["PostgreSql"];
        Assert.Equal(HealthStatus.Unhealthy, entry.Status);
        Assert.NotNull(entry.Exception);
    }

    [Fact]
    public void Check_is_untagged_so_it_counts_for_readiness_only_and_has_a_timeout()
    {
        using var host = BuildHost(database.ConnectionString);

        var registration = Assert.Single(Registrations(host));

        Assert.Equal("PostgreSql", registration.Name);
        Assert.Empty(registration.Tags);
        Assert.NotEqual(Timeout.InfiniteTimeSpan, registration.Timeout);
    }

    [Fact]
    public void Check_is_left_out_when_disabled()
    {
        var builder = TestHosts.CreateBuilder(
            ("ConnectionStrings:orders", database.ConnectionString),
            ("Aspire:Npgsql:DisableHealthChecks", "true"));
        builder.AddNpgsqlDataSource("orders");
        using var host = builder.Build();

        Assert.Empty(Registrations(host));
    }

    [Fact]
    public async Task Registering_the_data_source_twice_keeps_one_check()
    {
        var builder = TestHosts.CreateBuilder(("ConnectionStrings:orders", database.ConnectionString));
        builder.AddNpgsqlDataSource("orders");
        builder.AddNpgsqlDataSource("orders");
        using var host = builder.Build();

        var report = await host.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync();

        Assert.Equal("PostgreSql", Assert.Single(report.Entries).Key);
    }

    private static IHost BuildHost(string connectionString)
    {
        var builder = TestHosts.CreateBuilder(("ConnectionStrings:orders", connectionString));
        builder.AddNpgsqlDataSource("orders");
        return builder.Build();
    }

    private static IReadOnlyCollection<HealthCheckRegistration> Registrations(IHost host) =>
        host.Services.GetRequiredService<IOptions<HealthCheckServiceOptions>>().Value.Registrations.ToList();
}
