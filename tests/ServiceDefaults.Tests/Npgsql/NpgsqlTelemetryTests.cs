using Aspire.Npgsql;
using Aspire.Npgsql.EntityFrameworkCore.PostgreSQL;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;

namespace ServiceDefaults.Tests.Npgsql;

// Npgsql's activity source and meter are process-wide, so every assertion on what was captured
// is narrowed to this class's database.
public sealed class NpgsqlTelemetryTests(NpgsqlDatabaseFixture database) : IClassFixture<NpgsqlDatabaseFixture>
{
    private const string DurationHistogram = "db.client.operation.duration";

    private static readonly double[] SecondsBuckets =
        [0, 0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10, double.PositiveInfinity];

    [Fact]
    public async Task Data_source_command_produces_an_Npgsql_activity()
    {
        var (host, capture) = BuildDataSourceHost();
        using (host)
        {
            await RunThroughDataSource(host, "SELECT 'traced'");
        }

        Assert.Contains(OwnActivities(capture), activity => Equals(activity.GetTagItem("db.query.text"), "SELECT 'traced'"));
    }

    [Fact]
    public async Task Data_source_with_DisableTracing_produces_no_Npgsql_activity()
    {
        var (host, capture) = BuildDataSourceHost(settings => settings.DisableTracing = true);
        using (host)
        {
            await RunThroughDataSource(host, "SELECT 'untraced'");
        }

        Assert.DoesNotContain(capture.Activities, activity => activity.Source.Name == "Npgsql");
    }

    [Fact]
    public async Task DbContext_command_produces_an_Npgsql_activity()
    {
        var (host, capture) = BuildDbContextHost();
        using (host)
        {
            await RunThroughDbContext(host, "SELECT 'traced through EF'");
        }

        Assert.Contains(OwnActivities(capture), activity => Equals(activity.GetTagItem("db.query.text"), "SELECT 'traced through EF'"));
    }

    [Fact]
    public async Task DbContext_with_DisableTracing_produces_no_Npgsql_activity()
    {
        var (host, capture) = BuildDbContextHost(settings => settings.DisableTracing = true);
        using (host)
        {
            await RunThroughDbContext(host, "SELECT 'untraced through EF'");
        }

        Assert.DoesNotContain(capture.Activities, activity => activity.Source.Name == "Npgsql");
    }

    [Fact]
    public async Task Command_durations_use_second_buckets_up_to_ten_seconds()
    {
        var (host, capture) = BuildDataSourceHost();
        using (host)
        {
            await RunThroughDataSource(host, "SELECT 1");
            TelemetryCapture.CollectMetrics(host.Services);
        }

        var point = Assert.Single(OwnHistogramPoints(capture, DurationHistogram));
        Assert.Equal(SecondsBuckets, point.BucketBounds);
        Assert.Equal(1, point.Count);
    }

    [Fact]
    public async Task Connection_create_times_use_second_buckets_up_to_ten_seconds()
    {
        var (host, capture) = BuildDataSourceHost();
        using (host)
        {
            await RunThroughDataSource(host, "SELECT 1");
            TelemetryCapture.CollectMetrics(host.Services);
        }

        var point = Assert.Single(OwnHistogramPoints(capture, "db.client.connection.npgsql.create_time"));
        Assert.Equal(SecondsBuckets, point.BucketBounds);
    }

    [Fact]
    public async Task Data_source_with_DisableMetrics_exports_no_Npgsql_metrics()
    {
        var (host, capture) = BuildDataSourceHost(settings => settings.DisableMetrics = true);
        using (host)
        {
            await RunThroughDataSource(host, "SELECT 1");
            TelemetryCapture.CollectMetrics(host.Services);
        }

        Assert.DoesNotContain(DurationHistogram, capture.MetricNames);
    }

    [Fact]
    public async Task DbContext_adds_the_EF_Core_meter_and_the_data_source_does_not()
    {
        var (dataSourceHost, dataSourceCapture) = BuildDataSourceHost();
        using (dataSourceHost)
        {
            await RunThroughDataSource(dataSourceHost, "SELECT 1");
            TelemetryCapture.CollectMetrics(dataSourceHost.Services);
        }

        var (contextHost, contextCapture) = BuildDbContextHost();
        using (contextHost)
        {
            await RunThroughDbContext(contextHost, "SELECT 1");
            TelemetryCapture.CollectMetrics(contextHost.Services);
        }

        Assert.DoesNotContain("microsoft.entityframeworkcore.queries", dataSourceCapture.MetricNames);
        Assert.Contains("microsoft.entityframeworkcore.queries", contextCapture.MetricNames);
        Assert.Contains(DurationHistogram, contextCapture.MetricNames);
    }

    [Fact]
    public async Task DbContext_with_DisableMetrics_exports_neither_meter()
    {
        var (host, capture) = BuildDbContextHost(settings => settings.DisableMetrics = true);
        using (host)
        {
            await RunThroughDbContext(host, "SELECT 1");
            TelemetryCapture.CollectMetrics(host.Services);
        }

        Assert.DoesNotContain(DurationHistogram, capture.MetricNames);
        Assert.DoesNotContain("microsoft.entityframeworkcore.queries", capture.MetricNames);
    }

    // A second set of views for the same instrument would export each measurement twice.
    [Fact]
    public async Task Data_source_and_DbContext_together_export_each_histogram_once()
    {
        var builder = TestHosts.CreateBuilder(("ConnectionStrings:notes", database.ConnectionString));
        var capture = TelemetryCapture.AddTo(builder.Services);
        builder.AddNpgsqlDataSource("notes");
        builder.AddNpgsqlDbContext<NotesContext>("notes");
        using (var host = builder.Build())
        {
            TelemetryCapture.Start(host.Services);
            await RunThroughDataSource(host, "SELECT 1");
            await RunThroughDbContext(host, "SELECT 2");
            TelemetryCapture.CollectMetrics(host.Services);
        }

        var point = Assert.Single(OwnHistogramPoints(capture, DurationHistogram));
        Assert.Equal(2, point.Count);
    }

    private (IHost Host, TelemetryCapture Capture) BuildDataSourceHost(Action<NpgsqlSettings>? configureSettings = null)
    {
        var builder = TestHosts.CreateBuilder(("ConnectionStrings:notes", database.ConnectionString));
        var capture = TelemetryCapture.AddTo(builder.Services);
        builder.AddNpgsqlDataSource("notes", configureSettings);
        var host = builder.Build();
        TelemetryCapture.Start(host.Services);
        return (host, capture);
    }

    private (IHost Host, TelemetryCapture Capture) BuildDbContextHost(
        Action<NpgsqlEntityFrameworkCorePostgreSQLSettings>? configureSettings = null)
    {
        var builder = TestHosts.CreateBuilder(("ConnectionStrings:notes", database.ConnectionString));
        var capture = TelemetryCapture.AddTo(builder.Services);
        builder.AddNpgsqlDbContext<NotesContext>("notes", configureSettings);
        var host = builder.Build();
        TelemetryCapture.Start(host.Services);
        return (host, capture);
    }

    private static async Task RunThroughDataSource(IHost host, string sql)
    {
        await using var command = host.Services.GetRequiredService<NpgsqlDataSource>().CreateCommand(sql);
        await command.ExecuteScalarAsync();
    }

    private static async Task RunThroughDbContext(IHost host, string sql)
    {
        await using var scope = host.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<NotesContext>().Database.ExecuteSqlRawAsync(sql);
    }

    private IEnumerable<System.Diagnostics.Activity> OwnActivities(TelemetryCapture capture) =>
        capture.Activities.Where(activity => Equals(activity.GetTagItem("db.namespace"), database.Database.Name));

    private IEnumerable<ExportedHistogramPoint> OwnHistogramPoints(TelemetryCapture capture, string metricName) =>
        capture.HistogramPoints.Where(point =>
            point.MetricName == metricName
            && point.Tags.TryGetValue("db.client.connection.pool.name", out var pool)
            && pool is string poolName
            && poolName.Contains($"Database={database.Database.Name}", StringComparison.Ordinal));
}
