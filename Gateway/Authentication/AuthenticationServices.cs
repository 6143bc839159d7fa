using Microsoft.Extensions.Hosting;

namespace Gateway.Authentication;

public static class AuthenticationServices
{
    public static IHostApplicationBuilder AddKeyAuthentication(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<ApiKeyCache>();
        builder.Services.AddSingleton<KeyAuthenticator>();
        builder.Services.AddHostedService<ChangeListener>();
        return builder;
    }
}
