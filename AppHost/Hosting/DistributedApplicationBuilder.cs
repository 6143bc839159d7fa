using AppHost.Hosting.Logging;
using AppHost.Hosting.Orchestration;
using AppHost.Hosting.Testing;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Aspire.Hosting;

public sealed class DistributedApplicationBuilder : IDistributedApplicationBuilder
{
    // Long enough for the projects and then the servers to stop within their own grace periods.
    private static readonly TimeSpan ShutdownTimeout = TimeSpan.FromMinutes(1);

    private readonly HostApplicationBuilder _hostBuilder;

    public DistributedApplicationBuilder(string[] args)
    {
        _hostBuilder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = args });
        _hostBuilder.Logging.AddResourceConsole();
        _hostBuilder.Services.Configure<HostOptions>(options => options.ShutdownTimeout = ShutdownTimeout);
        _hostBuilder.Services.AddOrchestration();
    }

    public ConfigurationManager Configuration => _hostBuilder.Configuration;

    public IHostEnvironment Environment => _hostBuilder.Environment;

    public IServiceCollection Services => _hostBuilder.Services;

    public IResourceCollection Resources { get; } = new ResourceCollection();

    public IResourceBuilder<T> AddResource<T>(T resource) where T : IResource
    {
        Resources.Add(resource);
        return CreateResourceBuilder(resource);
    }

    public IResourceBuilder<T> CreateResourceBuilder<T>(T resource) where T : IResource => new ResourceBuilder<T>(this, resource);

    public DistributedApplication Build()
    {
        EntryPointInterception.Current?.InterceptBuild(this);
        _hostBuilder.Services.AddSingleton(new DistributedApplicationModel(Resources));
        return new DistributedApplication(_hostBuilder.Build());
    }
}
