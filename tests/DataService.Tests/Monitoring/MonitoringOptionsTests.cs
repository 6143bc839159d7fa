using DataService.Alerts;
using DataService.Monitoring;

namespace DataService.Tests.Monitoring;

public sealed class MonitoringOptionsTests
{
    [Fact]
    public void The_defaults_keep_a_week_of_minute_buckets()
    {
        var options = new MonitoringOptions();

        Assert.Null(options.Validate());
        Assert.Equal(7 * 24 * 60 + 1, options.BucketCount);
        Assert.Null(new AlertOptions().Validate());
    }

    [Fact]
    public void Too_many_buckets_are_refused_before_they_are_allocated()
    {
        var options = new MonitoringOptions { BucketWidth = TimeSpan.FromSeconds(1), Retention = TimeSpan.FromDays(7) };

        Assert.Contains("buckets", options.Validate());
    }

    [Fact]
    public void Alert_settings_that_cannot_work_are_refused()
    {
        Assert.Contains("WebhookMaxAttempts", new AlertOptions { WebhookMaxAttempts = 0 }.Validate());
        Assert.Contains("AlertEvaluationInterval", new AlertOptions { AlertEvaluationInterval = TimeSpan.Zero }.Validate());
    }
}
