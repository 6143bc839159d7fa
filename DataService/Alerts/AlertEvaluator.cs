using DataService.Monitoring;
using Microsoft.Extensions.Options;
using Npgsql;

namespace DataService.Alerts;

// Every AlertEvaluationInterval, checks every rule against its metric over the last
// AlertWindow, moves the rules whose condition changed, and hands the notifications of the
// moves it made to the delivery queue. Each instance measures its own traffic, so with
// several instances a rule follows whichever one moves it; the conditional update in the
// store still makes each move, and so each notification, happen once.
internal sealed partial class AlertEvaluator(
    AlertRuleStore rules,
    PerformanceMonitor monitor,
    AlertDeliveryQueue deliveries,
    IOptions<AlertOptions> options,
    TimeProvider time,
    ILogger<AlertEvaluator> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.AlertEvaluationInterval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await EvaluateAsync(stoppingToken);
            }
            catch (Exception exception) when (exception is NpgsqlException or TimeoutException && !stoppingToken.IsCancellationRequested)
            {
                LogEvaluationFailed(exception, options.Value.AlertEvaluationInterval);
            }
        }
    }

    public async Task EvaluateAsync(CancellationToken cancellationToken)
    {
        var stored = await rules.ListAsync(cancellationToken);
        if (stored.Count == 0)
        {
            return;
        }

        var metrics = monitor.Measure(options.Value.AlertWindow);
        var now = ToMicroseconds(time.GetUtcNow());
        foreach (var rule in stored)
        {
            var value = AlertMetrics.Read(metrics, rule.Metric);
            if (AlertTransition.Decide(rule, AlertOperator.Holds(rule.Operator, value, rule.Threshold), now) is not { } transition
                || !await rules.TryTransitionAsync(rule, transition, now, cancellationToken))
            {
                continue;
            }

            if (transition.Notify is { } status)
            {
                LogTransition(status == AlertStatus.Firing ? LogLevel.Warning : LogLevel.Information, rule.Id, rule.Metric, status, value);
                if (rule.Webhook is { } webhook)
                {
                    var since = transition.ConditionSince ?? rule.ConditionSince!.Value;
                    deliveries.Enqueue(new AlertDelivery(
                        new Uri(webhook), new AlertNotification(rule.Id, rule.Metric, rule.Operator, rule.Threshold, value, status, since, now)));
                }
            }
        }
    }

    // PostgreSQL keeps microseconds; a time written at that precision reads back equal, which
    // the store's conditional updates compare on.
    private static DateTimeOffset ToMicroseconds(DateTimeOffset time) => time.AddTicks(-(time.Ticks % TimeSpan.TicksPerMicrosecond));

    [LoggerMessage(Message = "Alert {AlertId} on {Metric} is {Status} (value {Value}).")]
    private partial void LogTransition(LogLevel level, Guid alertId, string metric, AlertStatus status, double value);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Evaluating alert rules failed; trying again in {Interval}.")]
    private partial void LogEvaluationFailed(Exception exception, TimeSpan interval);
}
