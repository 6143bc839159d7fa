using System.Runtime.InteropServices;
using AppHost.Hosting.Orchestration;
using AppHost.Hosting.Testing;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Aspire.Hosting;

/// <summary>
/// The built app: starting it starts every resource in dependency order, stopping it stops the
/// projects first and then the servers.
/// </summary>
public sealed class DistributedApplication : IHost, IAsyncDisposable
{
    private readonly IHost _host;
    private readonly List<IDisposable> _disposeWhenDisposed = [];
    private bool _running;

    internal DistributedApplication(IHost host) => _host = host;

    public IServiceProvider Services => _host.Services;

    public ResourceNotificationService ResourceNotifications => Services.GetRequiredService<ResourceNotificationService>();

    public static IDistributedApplicationBuilder CreateBuilder() => CreateBuilder([]);

    public static IDistributedApplicationBuilder CreateBuilder(string[] args)
    {
        var builder = new DistributedApplicationBuilder(args);
        EntryPointInterception.Current?.BuilderCreated(builder);
        return builder;
    }

    /// <summary>
    /// Starts the resources and returns; they come up in the background (watch them with
    /// <see cref="ResourceNotifications"/>).
    /// </summary>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        _running = true;
        await _host.StartAsync(cancellationToken);
    }

    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        _running = false;
        await _host.StopAsync(cancellationToken);
    }

    /// <summary>
    /// Runs until Ctrl+C, or until a resource can never start. The process exit code becomes 1
    /// if a resource failed to start or crashed.
    /// </summary>
    public async Task RunAsync(CancellationToken cancellationToken = default)
    {
        var monitor = Services.GetRequiredService<RunMonitor>();
        var lifetime = Services.GetRequiredService<IHostApplicationLifetime>();

        // Closing the terminal hangs the AppHost up. The resources run in sessions of their own,
        // so they would outlive it: stop them as for Ctrl+C.
        using var hangup = PosixSignalRegistration.Create(PosixSignal.SIGHUP, context =>
        {
            context.Cancel = true;
            lifetime.StopApplication();
        });
        await StartAsync(cancellationToken);
        var monitoring = monitor.WatchAsync(lifetime.ApplicationStopping);
        await _host.WaitForShutdownAsync(cancellationToken);
        _running = false;
        await monitoring;
        if (monitor.SawFailure)
        {
            System.Environment.ExitCode = 1;
        }
    }

    public void Run() => RunAsync().GetAwaiter().GetResult();

    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    public async ValueTask DisposeAsync()
    {
        if (_running)
        {
            await StopAsync();
        }

        if (_host is IAsyncDisposable asyncDisposable)
        {
            await asyncDisposable.DisposeAsync();
        }
        else
        {
            _host.Dispose();
        }

        foreach (var disposable in _disposeWhenDisposed)
        {
            disposable.Dispose();
        }
    }

    /// <summary>Disposes <paramref name="disposable"/> once the app has stopped and been disposed.</summary>
    internal void DisposeWhenDisposed(IDisposable disposable) => _disposeWhenDisposed.Add(disposable);
}
