using Microsoft.Extensions.Hosting;

namespace Gateway.Forwarding;

public static class ForwardingServices
{
    public static IHostApplicationBuilder AddForwarding(this IHostApplicationBuilder builder)
    {
        builder.Services.AddHttpForwarder();
        builder.Services.AddSingleton<ClaudeTransformer>();
        builder.Services.AddSingleton<ClaudeForwarder>();
        builder.Services.AddSingleton<Routing.RelayEndpoint>();
        return builder;
    }
}
