using Microsoft.Extensions.Hosting;

namespace Gateway.Accounts;

public static class AccountServices
{
    public static IHostApplicationBuilder AddAccountChoice(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSingleton<AccountPool>();
        services.AddHostedService(provider => provider.GetRequiredService<AccountPool>());
        services.AddSingleton<AccountSelector>();
        services.AddSingleton<AccessTokens>();
        services.AddSingleton<AccountHealth>();
        services.AddSingleton<UpstreamClients>();
        services.AddSingleton<AccountStates>();
        services.AddHostedService(provider => provider.GetRequiredService<AccountStates>());
        return builder;
    }
}
