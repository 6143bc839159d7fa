using System.Data.Common;
using Aspire.Npgsql;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Npgsql;

namespace ServiceDefaults.Tests.Npgsql;

public sealed class AddKeyedNpgsqlDataSourceTests(NpgsqlDatabaseFixture database) : IClassFixture<NpgsqlDatabaseFixture>
{
    [Fact]
    public async Task Keyed_services_connect_with_the_connection_string_of_their_name()
    {
        var builder = TestHosts.CreateBuilder(
            ("ConnectionStrings:reports", database.ConnectionString),
            ("ConnectionStrings:orders", UnusedPort.PostgresConnectionString()));
        builder.AddKeyedNpgsqlDataSource("reports");
        using var host = builder.Build();

        await using var connection = host.Services.GetRequiredKeyedService<NpgsqlConnection>("reports");
        await connection.OpenAsync();

        Assert.Equal(database.Database.Name, connection.Database);
        Assert.Same(
            host.Services.GetRequiredKeyedService<NpgsqlDataSource>("reports"),
            host.Services.GetRequiredKeyedService<DbDataSource>("reports"));
    }

    [Fact]
    public void Keyed_registration_adds_no_unkeyed_services()
    {
        var builder = TestHosts.CreateBuilder(("ConnectionStrings:reports", database.ConnectionString));
        builder.AddKeyedNpgsqlDataSource("reports");
        using var host = builder.Build();

        Assert.Null(host.Services.GetService<NpgsqlDataSource>());
        Assert.Null(host.Services.GetService<NpgsqlConnection>());
    }

    [Fact]
    public void Keyed_and_unkeyed_data_sources_live_side_by_side()
    {
        var builder = TestHosts.CreateBuilder(
            ("ConnectionStrings:orders", database.ConnectionString),
            ("ConnectionStrings:reports", database.ConnectionString));
        builder.AddNpgsqlDataSource("orders");
        builder.AddKeyedNpgsqlDataSource("reports");
        using var host = builder.Build();

        Assert.NotSame(
            host.Services.GetRequiredService<NpgsqlDataSource>(),
            host.Services.GetRequiredKeyedService<NpgsqlDataSource>("reports"));
        Assert.Equal(["PostgreSql", "PostgreSql_reports"], HealthCheckNames(host));
    }

    [Fact]
    public void Keyed_settings_come_from_the_section_of_the_name()
    {
        var builder = TestHosts.CreateBuilder(
            ("Aspire:Npgsql:DisableTracing", "true"),
            ("Aspire:Npgsql:reports:ConnectionString", "Host=reports"));
        NpgsqlSettings? seen = null;

        builder.AddKeyedNpgsqlDataSource("reports", settings => seen = settings);

        Assert.Equal("Host=reports", seen?.ConnectionString);
        Assert.True(seen?.DisableTracing);
    }

    [Fact]
    public void Keyed_missing_connection_string_fails_on_first_resolution()
    {
        var builder = TestHosts.CreateBuilder();
        builder.AddKeyedNpgsqlDataSource("reports");
        using var host = builder.Build();

        var error = Assert.Throws<InvalidOperationException>(() =>
            host.Services.GetRequiredKeyedService<NpgsqlConnection>("reports"));
        Assert.Contains("'ConnectionStrings:reports'", error.Message, StringComparison.Ordinal);
        Assert.Contains("'Aspire:Npgsql:reports'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Empty_name_is_rejected()
    {
        var builder = TestHosts.CreateBuilder();

        Assert.Throws<ArgumentException>(() => builder.AddKeyedNpgsqlDataSource(""));
    }

    private static string[] HealthCheckNames(IHost host) =>
        host.Services.GetRequiredService<IOptions<HealthCheckServiceOptions>>().Value.Registrations
            .Select(registration => registration.Name)
            .Order(StringComparer.Ordinal)
            .ToArray();
}
