using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AppHost.Tests.Support;

// The AppHost's app model as the tests start it: the real Program.cs, with its local servers'
// state in a throwaway directory (a fresh PostgreSQL cluster per run) and every line collected.
public static class TestApp
{
    // A cold start builds a cluster and starts five processes on two busy cores.
    public static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(3);

    public static async Task<IDistributedApplicationTestingBuilder> CreateBuilderAsync(StateDirectory state, LogCollector logs, params string[] settings)
    {
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>(
            [$"AppHost:StateDirectory={state.Path}", "AppHost:LocalServers=executables", .. settings]);
        builder.Services.AddLogging(logging => logging.AddProvider(logs));
        return builder;
    }

    public static async Task<string> ParameterValueAsync(this DistributedApplication app, string name) =>
        await app.Services.GetRequiredService<DistributedApplicationModel>().Resources.OfType<ParameterResource>()
            .Single(parameter => parameter.Name == name).GetValueAsync(CancellationToken.None)
        ?? throw new InvalidOperationException($"Parameter {name} has no value.");

    // Waits, and on a timeout says what the app was doing.
    public static async Task<T> WithinAsync<T>(this Task<T> task, TimeSpan timeout, LogCollector logs)
    {
        await ((Task)task).WithinAsync(timeout, logs);
        return await task;
    }

    public static async Task WithinAsync(this Task task, TimeSpan timeout, LogCollector logs)
    {
        try
        {
            await task.WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"Not done within {timeout}. The app's last lines:{Environment.NewLine}{logs.Tail()}");
        }
    }
}
