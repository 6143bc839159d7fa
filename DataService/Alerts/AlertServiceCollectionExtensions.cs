using DataService.Monitoring;
using Microsoft.Extensions.Options;

namespace DataService.Alerts;

internal static class AlertServiceCollectionExtensions
{
    public static IServiceCollection AddPerformanceAlerts(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<AlertOptions>().Bind(configuration.GetSection(MonitoringOptions.SectionName)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<AlertOptions>>(new SettingsValidation<AlertOptions>(options => options.Validate()));
        services.AddSingleton<AlertRuleStore>();
        services.AddSingleton<AlertService>();
        services.AddSingleton<AlertWebhookSender>();
        services.AddSingleton<AlertDeliveryQueue>();

        // The queue is registered first so that it stops last, after the evaluator can no
        // longer add to it.
        services.AddHostedService(provider => provider.GetRequiredService<AlertDeliveryQueue>());
        services.AddHostedService<AlertEvaluator>();
        return services;
    }
}
