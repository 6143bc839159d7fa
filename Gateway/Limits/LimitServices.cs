using DataAccess.Time;
using Microsoft.Extensions.Hosting;

namespace Gateway.Limits;

public static class LimitServices
{
    public static IHostApplicationBuilder AddRequestLimits(this IHostApplicationBuilder builder)
    {
        // Day buckets of the daily cost follow the legacy timezone rule, like the DataService's.
        var offset = builder.Configuration.GetValue<int?>("DataAccess:TimeZoneOffsetHours")
            ?? TimeBuckets.ParseLegacyOffset(builder.Configuration["TIMEZONE_OFFSET"]);
        builder.Services.AddSingleton(new TimeBuckets(offset));
        builder.Services.AddSingleton<RequestLedger>();
        builder.Services.AddSingleton<LeaseRenewer>();
        builder.Services.AddHostedService(provider => provider.GetRequiredService<LeaseRenewer>());
        builder.Services.AddSingleton<ConcurrencyWaitQueue>();
        builder.Services.AddSingleton<RequestLimiter>();
        return builder;
    }
}
