using DataService.Monitoring;
using Microsoft.Extensions.Options;

namespace DataService.Alerts;

internal static class AlertServiceCollectionExtensions
{
    // Rules live in PostgreSQL: without it (the redis backend) the alert routes refuse with
    // the reason, and nothing is evaluated or delivered.
    public static IServiceCollection AddPerformanceAlerts(this IServiceCollection services, IConfiguration configuration, bool storedRules)
    {
        services.AddOptions<AlertOptions>().Bind(configuration.GetSection(MonitoringOptions.SectionName)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<AlertOptions>>(new SettingsValidation<AlertOptions>(options => options.Validate()));
        services.AddSingleton<AlertService>();
        if (!storedRules)
        {
            return services;
        }

        services.AddSingleton<AlertRuleStore>();
        services.AddSingleton<AlertWebhookSender>();
        services.AddSingleton<AlertDeliveryQueue>();

        // The queue is registered first so that it stops last, after the evaluator can no
        // longer add to it.
        services.AddHostedService(provider => provider.GetRequiredService<AlertDeliveryQueue>());
        services.AddHostedService<AlertEvaluator>();
        return services;
    }
}
