using Microsoft.Extensions.Hosting;

namespace Gateway.Pricing;

public static class PricingServices
{
    public static IHostApplicationBuilder AddPricing(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<PriceTable>();
        builder.Services.AddSingleton<CostCalculator>();
        return builder;
    }
}
