using System.Data.Common;
using Aspire.Npgsql;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace ServiceDefaults.Tests.Npgsql;

public sealed class AddNpgsqlDataSourceTests(NpgsqlDatabaseFixture database) : IClassFixture<NpgsqlDatabaseFixture>
{
    [Fact]
    public void Named_section_overrides_general_section_key_by_key()
    {
        var builder = TestHosts.CreateBuilder(
            ("Aspire:Npgsql:ConnectionString", "Host=general"),
            ("Aspire:Npgsql:DisableTracing", "true"),
            ("Aspire:Npgsql:DisableMetrics", "true"),
            ("Aspire:Npgsql:orders:ConnectionString", "Host=named"),
            ("Aspire:Npgsql:orders:DisableMetrics", "false"));

        var settings = ReadSettings(builder, "orders");

        Assert.Equal("Host=named", settings.ConnectionString);
        Assert.True(settings.DisableTracing);
        Assert.False(settings.DisableMetrics);
        Assert.False(settings.DisableHealthChecks);
    }

    [Fact]
    public void Named_section_of_another_connection_does_not_apply()
    {
        var builder = TestHosts.CreateBuilder(
            ("Aspire:Npgsql:ConnectionString", "Host=general"),
            ("Aspire:Npgsql:billing:ConnectionString", "Host=billing"));

        Assert.Equal("Host=general", ReadSettings(builder, "orders").ConnectionString);
    }

    [Fact]
    public void Connection_strings_section_overrides_settings_sections()
    {
        var builder = TestHosts.CreateBuilder(
            ("Aspire:Npgsql:ConnectionString", "Host=general"),
            ("Aspire:Npgsql:orders:ConnectionString", "Host=named"),
            ("ConnectionStrings:orders", "Host=orchestrator"));

        Assert.Equal("Host=orchestrator", ReadSettings(builder, "orders").ConnectionString);
    }

    [Fact]
    public void Settings_delegate_runs_last()
    {
        var builder = TestHosts.CreateBuilder(
            ("Aspire:Npgsql:orders:DisableHealthChecks", "false"),
            ("ConnectionStrings:orders", "Host=orchestrator"));
        NpgsqlSettings? seen = null;

        builder.AddNpgsqlDataSource("orders", settings =>
        {
            settings.ConnectionString = "Host=delegate";
            settings.DisableHealthChecks = true;
            seen = settings;
        });

        Assert.Equal("Host=delegate", seen?.ConnectionString);
        Assert.True(seen?.DisableHealthChecks);
    }

    [Fact]
    public void Missing_connection_string_fails_on_first_resolution_naming_both_keys()
    {
        var builder = TestHosts.CreateBuilder();

        builder.AddNpgsqlDataSource("orders");
        using var host = builder.Build();

        var error = Assert.Throws<InvalidOperationException>(() => host.Services.GetRequiredService<NpgsqlDataSource>());
        Assert.Equal(
            "ConnectionString is missing. It should be provided in 'ConnectionStrings:orders' or under the "
            + "'ConnectionString' key in the 'Aspire:Npgsql' or 'Aspire:Npgsql:orders' configuration section.",
            error.Message);
    }

    [Fact]
    public async Task Data_source_runs_commands_against_the_database()
    {
        using var host = BuildHost();
        var dataSource = host.Services.GetRequiredService<NpgsqlDataSource>();

        await using (var create = dataSource.CreateCommand("CREATE TABLE data_source_rows (value text NOT NULL)"))
        {
            await create.ExecuteNonQueryAsync();
        }

        await using (var insert = dataSource.CreateCommand("INSERT INTO data_source_rows VALUES ('stored')"))
        {
            await insert.ExecuteNonQueryAsync();
        }

        await using var select = dataSource.CreateCommand("SELECT value FROM data_source_rows");
        Assert.Equal("stored", await select.ExecuteScalarAsync());
    }

    [Fact]
    public async Task Connection_resolves_as_a_new_connection_of_the_data_source_and_opens()
    {
        using var host = BuildHost();

        await using var connection = host.Services.GetRequiredService<NpgsqlConnection>();
        await using var other = host.Services.GetRequiredService<NpgsqlConnection>();
        await connection.OpenAsync();

        Assert.NotSame(connection, other);
        Assert.Equal(System.Data.ConnectionState.Open, connection.State);
        Assert.Equal(database.Database.Name, connection.Database);
    }

    [Fact]
    public void Data_source_is_a_singleton_also_registered_as_DbDataSource()
    {
        using var host = BuildHost();

        var dataSource = host.Services.GetRequiredService<NpgsqlDataSource>();

        Assert.Same(dataSource, host.Services.GetRequiredService<NpgsqlDataSource>());
        Assert.Same(dataSource, host.Services.GetRequiredService<DbDataSource>());
        Assert.IsType<NpgsqlConnection>(host.Services.GetRequiredService<DbConnection>());
    }

    [Fact]
    public async Task Data_source_builder_delegate_shapes_the_data_source()
    {
        using var host = BuildHost(configureDataSourceBuilder: dataSourceBuilder =>
            dataSourceBuilder.ConnectionStringBuilder.ApplicationName = "relay-data-source-test");

        await using var command = host.Services.GetRequiredService<NpgsqlDataSource>()
            .CreateCommand("SELECT current_setting('application_name')");

        Assert.Equal("relay-data-source-test", await command.ExecuteScalarAsync());
    }

    [Fact]
    public async Task Data_source_logs_through_the_hosts_logger_factory()
    {
        var builder = TestHosts.CreateBuilder(("ConnectionStrings:orders", database.ConnectionString));
        var logs = new CapturingLoggerProvider();
        builder.Logging.SetMinimumLevel(LogLevel.Debug).AddProvider(logs);
        builder.AddNpgsqlDataSource("orders");
        using var host = builder.Build();

        await using var command = host.Services.GetRequiredService<NpgsqlDataSource>().CreateCommand("SELECT 1");
        await command.ExecuteScalarAsync();

        Assert.Contains(logs.Categories, category => category.StartsWith("Npgsql", StringComparison.Ordinal));
    }

    private IHost BuildHost(Action<NpgsqlDataSourceBuilder>? configureDataSourceBuilder = null)
    {
        var builder = TestHosts.CreateBuilder(("ConnectionStrings:orders", database.ConnectionString));
        builder.AddNpgsqlDataSource("orders", configureDataSourceBuilder: configureDataSourceBuilder);
        return builder.Build();
    }

    private static NpgsqlSettings ReadSettings(HostApplicationBuilder builder, string connectionName)
    {
        NpgsqlSettings? seen = null;
        builder.AddNpgsqlDataSource(connectionName, settings => seen = settings);
        return seen ?? throw new InvalidOperationException("The settings delegate did not run.");
    }
}
