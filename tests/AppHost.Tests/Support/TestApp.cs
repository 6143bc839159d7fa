using Aspire.Hosting;
using Aspire.Hosting.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AppHost.Tests.Support;

// The AppHost's app model as the tests start it: the real Program.cs, with a known admin token
// and every line it logs collected.
public static class TestApp
{
    public const string AdminToken = "test-admin-token-0123456789abcdef";

    // First runs build the cluster and start four processes on two cores.
    public static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(3);

    public static async Task<IDistributedApplicationTestingBuilder> CreateBuilderAsync(LogCollector logs)
    {
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>().WaitAsync(StartTimeout);
        builder.Configuration["Parameters:admin-token"] = AdminToken;
        builder.Services.AddLogging(logging => logging.AddProvider(logs));
        return builder;
    }

    // Waits, and on a timeout says what the app was doing.
    public static async Task<T> WithinAsync<T>(this Task<T> task, TimeSpan timeout, LogCollector logs)
    {
        try
        {
            return await task.WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"Not done within {timeout}. The app's last lines:{Environment.NewLine}{logs.Tail()}");
        }
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
