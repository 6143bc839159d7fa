using System.Reflection;
using AppHost.Hosting;
using AppHost.Hosting.Testing;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Aspire.Hosting.Testing;

/// <summary>
/// Creates an AppHost's app model for an end-to-end test. The app then keeps its state and data
/// in a throwaway directory, deleted when the app is disposed; ports are always free ones.
/// </summary>
public sealed class DistributedApplicationTestingBuilder : IDistributedApplicationTestingBuilder
{
    private readonly DistributedApplicationBuilder _inner;
    private readonly ThrowawayDirectory _directory;
    private DistributedApplication? _application;

    private DistributedApplicationTestingBuilder(DistributedApplicationBuilder inner, ThrowawayDirectory directory)
    {
        _inner = inner;
        _directory = directory;
    }

    public ConfigurationManager Configuration => _inner.Configuration;

    public IHostEnvironment Environment => _inner.Environment;

    public IServiceCollection Services => _inner.Services;

    public IResourceCollection Resources => _inner.Resources;

    /// <summary>
    /// Runs the AppHost's Main up to <c>Build()</c>. <typeparamref name="TEntryPoint"/> is the
    /// generated <c>Projects.*</c> class of the AppHost project, or any type in the AppHost's assembly.
    /// </summary>
    public static Task<IDistributedApplicationTestingBuilder> CreateAsync<TEntryPoint>(CancellationToken cancellationToken = default)
        where TEntryPoint : class =>
        CreateAsync<TEntryPoint>([], cancellationToken);

    public static async Task<IDistributedApplicationTestingBuilder> CreateAsync<TEntryPoint>(string[] args, CancellationToken cancellationToken = default)
        where TEntryPoint : class
    {
        var directory = new ThrowawayDirectory();
        try
        {
            var builder = await EntryPointInterception.RunUntilBuildAsync(
                AppHostAssemblyOf(typeof(TEntryPoint)), args, b => UseTestingDefaults(b, directory), cancellationToken);
            return new DistributedApplicationTestingBuilder(builder, directory);
        }
        catch
        {
            directory.Dispose();
            throw;
        }
    }

    public IResourceBuilder<T> AddResource<T>(T resource) where T : IResource => _inner.AddResource(resource);

    public IResourceBuilder<T> CreateResourceBuilder<T>(T resource) where T : IResource => _inner.CreateResourceBuilder(resource);

    public DistributedApplication Build()
    {
        _application = _inner.Build();
        _application.DisposeWhenDisposed(_directory);
        return _application;
    }

    public Task<DistributedApplication> BuildAsync(CancellationToken cancellationToken = default) => Task.FromResult(Build());

    /// <summary>Disposes the built app, which deletes the throwaway directory; or deletes it directly if nothing was built.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_application is not null)
        {
            await _application.DisposeAsync();
        }
        else
        {
            _directory.Dispose();
        }
    }

    private static void UseTestingDefaults(DistributedApplicationBuilder builder, ThrowawayDirectory directory)
    {
        builder.Configuration[AppHostDirectories.StateDirectoryKey] = directory.Path;
        builder.Configuration[AppHostDirectories.VolumesDirectoryKey] = Path.Combine(directory.Path, "volumes");

        // Tests add their own logger (the test output) instead of the console.
        builder.Services.AddLogging(logging => logging.ClearProviders());
    }

    // A Projects.* class names the AppHost's project file, whose name is the assembly's.
    private static Assembly AppHostAssemblyOf(Type entryPoint) =>
        typeof(IProjectMetadata).IsAssignableFrom(entryPoint)
            ? Assembly.Load(System.IO.Path.GetFileNameWithoutExtension(((IProjectMetadata)Activator.CreateInstance(entryPoint)!).ProjectPath))
            : entryPoint.Assembly;
}
