using Microsoft.Extensions.Hosting;

namespace Gateway.Usage;

public static class UsageServices
{
    public static IHostApplicationBuilder AddUsageRecording(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<UsageRecorder>();
        builder.Services.AddHostedService(provider => provider.GetRequiredService<UsageRecorder>());
        builder.Services.AddHostedService<UsageDelivery>();
        return builder;
    }
}
