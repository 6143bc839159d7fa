using System.Reflection;
using Aspire.Hosting;

namespace AppHost.Hosting.Testing;

/// <summary>
/// Runs an AppHost's Main only until it calls <c>builder.Build()</c>, and hands the builder, with
/// the whole app model in it, to a test (as Aspire.Hosting.Testing does). The test can change
/// configuration and resources before it builds and starts the app itself.
/// </summary>
internal sealed class EntryPointInterception
{
    private static readonly AsyncLocal<EntryPointInterception?> s_current = new();
    private readonly Action<DistributedApplicationBuilder> _configureBuilder;
    private readonly TaskCompletionSource<DistributedApplicationBuilder> _built = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private EntryPointInterception(Action<DistributedApplicationBuilder> configureBuilder) => _configureBuilder = configureBuilder;

    /// <summary>The interception of the entry point running on this flow, if any.</summary>
    public static EntryPointInterception? Current => s_current.Value;

    /// <param name="configureBuilder">Applied as soon as Main has created the builder, before Main adds anything.</param>
    public static Task<DistributedApplicationBuilder> RunUntilBuildAsync(
        Assembly appHost, string[] args, Action<DistributedApplicationBuilder> configureBuilder, CancellationToken cancellationToken)
    {
        var entryPoint = appHost.EntryPoint ?? throw new InvalidOperationException($"{appHost.GetName().Name} has no entry point.");
        var interception = new EntryPointInterception(configureBuilder);
        var thread = new Thread(() => interception.Run(entryPoint, args)) { IsBackground = true, Name = "AppHost entry point" };
        thread.Start();
        return interception._built.Task.WaitAsync(cancellationToken);
    }

    public void BuilderCreated(DistributedApplicationBuilder builder) => _configureBuilder(builder);

    /// <summary>Hands the builder over and ends Main right there.</summary>
    public void InterceptBuild(DistributedApplicationBuilder builder)
    {
        _built.TrySetResult(builder);
        throw new BuildInterceptedException();
    }

    private void Run(MethodInfo entryPoint, string[] args)
    {
        s_current.Value = this;
        try
        {
            entryPoint.Invoke(null, entryPoint.GetParameters().Length == 0 ? null : [args]);
            _built.TrySetException(new InvalidOperationException("The AppHost's entry point returned without calling Build()."));
        }
        catch (TargetInvocationException exception) when (exception.InnerException is BuildInterceptedException)
        {
            // Main was ended on purpose, at Build().
        }
        catch (TargetInvocationException exception)
        {
            _built.TrySetException(exception.InnerException ?? exception);
        }
    }

    private sealed class BuildInterceptedException : Exception;
}
