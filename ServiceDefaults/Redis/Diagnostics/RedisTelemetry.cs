using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace ServiceDefaults.Redis;

// The client's own traces and metrics. Both are free when nobody listens: activities are
// created only with a listener and instruments record only when enabled.
internal static class RedisTelemetry
{
    public const string Name = "DistributedApp.Redis";

    public static readonly ActivitySource ActivitySource = new(Name);

    private static readonly Meter s_meter = new(Name);

    private static readonly Counter<long> s_commands = s_meter.CreateCounter<long>(
        "redis.client.commands", "{command}", "Commands completed, successfully or not.");

    private static readonly Histogram<double> s_duration = s_meter.CreateHistogram(
        "redis.client.operation.duration", "s", "Time from sending a command to its reply.",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10] });

    private static readonly Counter<long> s_errors = s_meter.CreateCounter<long>(
        "redis.client.errors", "{error}", "Commands that failed, by error type.");

    private static readonly Counter<long> s_reconnects = s_meter.CreateCounter<long>(
        "redis.client.reconnects", "{reconnect}", "Connections re-established after a loss.");

    public static Activity? StartCommand(CommandName command, RedisEndpoint endpoint, int database)
    {
        if (!ActivitySource.HasListeners())
        {
            return null;
        }

        var previous = Activity.Current;
        var activity = ActivitySource.StartActivity(command.Text, ActivityKind.Client);
        if (activity is null)
        {
            return null;
        }

        // The activity ends when the reply arrives on another thread; keep the caller's
        // ambient activity as it was.
        Activity.Current = previous;
        if (activity.IsAllDataRequested)
        {
            activity.SetTag("db.system.name", "redis");
            activity.SetTag("db.operation.name", command.Text);
            activity.SetTag("db.namespace", database);
            activity.SetTag("server.address", endpoint.Host);
            activity.SetTag("server.port", endpoint.Port);
        }

        return activity;
    }

    public static void RecordCompletion(PendingReply reply, Exception? exception)
    {
        var operation = new KeyValuePair<string, object?>("db.operation.name", reply.Command.Text);
        if (s_commands.Enabled)
        {
            s_commands.Add(1, operation);
        }

        if (s_duration.Enabled && reply.StartedAt != 0)
        {
            s_duration.Record(Stopwatch.GetElapsedTime(reply.StartedAt).TotalSeconds, operation);
        }

        if (exception is not null && s_errors.Enabled)
        {
            s_errors.Add(1, operation, new KeyValuePair<string, object?>("error.type", ErrorType(exception)));
        }

        if (reply.Activity is { } activity)
        {
            if (exception is not null)
            {
                activity.SetStatus(ActivityStatusCode.Error, exception.Message);
                activity.SetTag("error.type", ErrorType(exception));
            }

            activity.Dispose();
        }
    }

    public static void RecordReconnect(RedisEndpoint endpoint) =>
        s_reconnects.Add(1, new KeyValuePair<string, object?>("server.address", endpoint.ToString()));

    private static string ErrorType(Exception exception) => exception switch
    {
        RedisServerException server => server.Prefix,
        RedisTimeoutException => "timeout",
        RedisConnectionException => "connection",
        OperationCanceledException => "canceled",
        _ => exception.GetType().Name,
    };
}
