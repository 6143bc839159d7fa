using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;

namespace MigrationService.Tests;

public sealed class MigrationWorkerTests
{
    private readonly List<string> _ran = [];
    private readonly StoppableLifetime _lifetime = new();
    private readonly MigrationOutcome _outcome = new();

    [Fact]
    public async Task Runs_the_steps_in_registration_order_then_stops_the_application_with_success()
    {
        await RunWorkerAsync(new RecordingStep("first", _ran), new RecordingStep("second", _ran));

        Assert.Equal(["first", "second"], _ran);
        Assert.True(_lifetime.StopRequested);
        Assert.Equal(0, _outcome.ExitCode);
    }

    [Fact]
    public async Task A_failing_step_stops_the_run_and_the_application_with_a_failure()
    {
        await RunWorkerAsync(
            new RecordingStep("first", _ran, new InvalidOperationException("broken")),
            new RecordingStep("second", _ran));

        Assert.Equal(["first"], _ran);
        Assert.True(_lifetime.StopRequested);
        Assert.NotEqual(0, _outcome.ExitCode);
    }

    [Fact]
    public async Task A_step_that_cannot_be_built_counts_as_a_failure()
    {
        var services = new ServiceCollection();
        services.AddScoped<IMigrationStep>(_ => throw new InvalidOperationException("no connection string"));

        await RunWorkerAsync(services);

        Assert.True(_lifetime.StopRequested);
        Assert.NotEqual(0, _outcome.ExitCode);
    }

    [Fact]
    public async Task The_failure_is_recorded_on_the_run_and_step_activities()
    {
        var stopped = new List<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == MigrationTelemetry.ActivitySourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                lock (stopped)
                {
                    stopped.Add(activity);
                }
            },
        };
        ActivitySource.AddActivityListener(listener);

        await RunWorkerAsync(new RecordingStep("schema", _ran, new InvalidOperationException("broken")));

        // Other tests may run workers at the same time; this run's spans are the ones under its root.
        var run = Assert.Single(stopped, activity => activity.OperationName == "migrate database" && activity.StatusDescription == "broken");
        var step = Assert.Single(stopped, activity => activity.ParentSpanId == run.SpanId);
        Assert.Equal("migration step schema", step.OperationName);
        Assert.Equal(ActivityStatusCode.Error, step.Status);
        Assert.Contains(step.Events, recorded => recorded.Name == "exception");
        Assert.Contains(run.Events, recorded => recorded.Name == "exception");
    }

    private Task RunWorkerAsync(params IMigrationStep[] steps)
    {
        var services = new ServiceCollection();
        foreach (var step in steps)
        {
            services.AddSingleton(step);
        }

        return RunWorkerAsync(services);
    }

    private async Task RunWorkerAsync(ServiceCollection services)
    {
        await using var provider = services.BuildServiceProvider();
        using var worker = new MigrationWorker(provider, _outcome, _lifetime, NullLogger<MigrationWorker>.Instance);

        await worker.StartAsync(CancellationToken.None);
        await worker.ExecuteTask!.WaitAsync(TimeSpan.FromSeconds(30));
    }

    private sealed class RecordingStep(string name, List<string> ran, Exception? failure = null) : IMigrationStep
    {
        public string Name => name;

        public Task RunAsync(CancellationToken cancellationToken)
        {
            ran.Add(name);
            return failure is null ? Task.CompletedTask : Task.FromException(failure);
        }
    }

    private sealed class StoppableLifetime : IHostApplicationLifetime
    {
        public bool StopRequested { get; private set; }

        public CancellationToken ApplicationStarted => CancellationToken.None;

        public CancellationToken ApplicationStopping => CancellationToken.None;

        public CancellationToken ApplicationStopped => CancellationToken.None;

        public void StopApplication() => StopRequested = true;
    }
}
