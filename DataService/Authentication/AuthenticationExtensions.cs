using DataService.Authentication;
using DataService.Http;
using Microsoft.AspNetCore.Authentication;

namespace Microsoft.Extensions.Hosting;

public static class AuthenticationExtensions
{
    // Every /api route needs a token; health endpoints stay open.
    public static IHostApplicationBuilder AddServiceTokenAuthentication(this IHostApplicationBuilder builder)
    {
        builder.Services.Configure<ServiceTokenOptions>(builder.Configuration.GetSection(ServiceTokenOptions.SectionName));
        builder.Services.AddAuthentication(ServiceTokenHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ServiceTokenHandler>(ServiceTokenHandler.SchemeName, options =>
            {
                options.ForwardChallenge = null;
            });
        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(DataServicePolicies.Admin, policy => policy.RequireRole(DataServicePolicies.AdminRole))
            .AddPolicy(DataServicePolicies.Gateway, policy => policy.RequireRole(DataServicePolicies.AdminRole, DataServicePolicies.ServiceRole));
        builder.Services.AddSingleton<Microsoft.AspNetCore.Authorization.IAuthorizationMiddlewareResultHandler, EnvelopeAuthorizationResultHandler>();
        return builder;
    }
}
