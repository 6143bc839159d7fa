using AppHost.Hosting.DotNetProjects;
using AppHost.Hosting.Health;
using AppHost.Hosting.Postgres;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;

namespace AppHost.Hosting.Orchestration;

internal static class OrchestrationServiceCollectionExtensions
{
    public static IServiceCollection AddOrchestration(this IServiceCollection services)
    {
        services.AddSingleton<ResourceNotificationService>();
        services.AddSingleton<AppHostDirectories>();
        services.AddSingleton<ResourceStateReporter>();
        services.AddSingleton<DependencyGate>();
        services.AddSingleton<HealthMonitor>();
        services.AddSingleton<ProjectLauncher>();
        services.AddSingleton<PostgresLauncher>();
        services.AddSingleton<ReadinessSummary>();
        services.AddSingleton<RunMonitor>();
        services.AddHostedService<Orchestrator>();
        services.AddHttpClient();
        return services;
    }
}
