using System.Diagnostics;
using DataAccess.Postgres.Diagnostics;
using Microsoft.Extensions.Options;

namespace DataService.Monitoring;

// Times every statement the service's data source runs, EF Core's included: Npgsql starts an
// activity per command (a batch is one) whose duration is the command's and whose
// db.query.text is its SQL. Listening to the activities needs no interceptor in the data
// layer, and sees statements however they were issued.
internal sealed class StatementListener : IHostedService, IDisposable
{
    private const string QueryTextTag = "db.query.text";
    private const string DataSourceTag = "db.npgsql.data_source";

    private readonly MetricTimeline _timeline;
    private readonly StatementStatistics _statements;
    private readonly TimeProvider _time;
    private readonly double _slowMilliseconds;
    private readonly string _dataSourceName;
    private readonly ActivityListener _listener;

    public StatementListener(
        MetricTimeline timeline, StatementStatistics statements, PostgresDataSourceName dataSource, IOptions<MonitoringOptions> options, TimeProvider time)
    {
        _timeline = timeline;
        _statements = statements;
        _time = time;
        _slowMilliseconds = options.Value.SlowQueryThresholdMs;
        _dataSourceName = dataSource.Value;
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "Npgsql",

            // Npgsql sets the statement's tags only when all data is requested. Not asking for
            // "recorded" leaves the decision to export the span to the tracing sampler.
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllData,
            ActivityStopped = OnStatementCompleted,
        };
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        ActivitySource.AddActivityListener(_listener);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _listener.Dispose();
        return Task.CompletedTask;
    }

    public void Dispose() => _listener.Dispose();

    private void OnStatementCompleted(Activity activity)
    {
        if (activity.GetTagItem(QueryTextTag) is not string sql
            || activity.GetTagItem(DataSourceTag) as string != _dataSourceName)
        {
            return;
        }

        var milliseconds = activity.Duration.TotalMilliseconds;
        var slow = milliseconds >= _slowMilliseconds;
        _timeline.Record((milliseconds, slow), static (counts, statement) =>
        {
            counts.Statements++;
            counts.StatementMilliseconds += statement.milliseconds;
            counts.SlowStatements += statement.slow ? 1 : 0;
        });
        _statements.Record(StatementNormalizer.Normalize(sql), milliseconds, _time.GetUtcNow());
    }
}
