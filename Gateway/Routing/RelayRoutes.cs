namespace Gateway.Routing;

// The Claude Messages API under the three prefixes clients use with the legacy relay
// (/api, /claude and none). Every other path answers 404 in the Anthropic error format.
public static class RelayRoutes
{
    private static readonly string[] Prefixes = ["/api", "/claude", ""];

    public static WebApplication MapRelayRoutes(this WebApplication app)
    {
        // A singleton, resolved once: a request then needs no service scope of its own.
        var relay = app.Services.GetRequiredService<RelayEndpoint>();
        foreach (var prefix in Prefixes)
        {
            var group = app.MapGroup(prefix + "/v1");
            group.MapPost("/messages", (HttpContext context) => relay.HandleAsync(context, RelayRoute.Messages));
            group.MapPost("/messages/count_tokens", (HttpContext context) => relay.HandleAsync(context, RelayRoute.CountTokens));
            group.MapGet("/models", (HttpContext context) => relay.HandleAsync(context, RelayRoute.Models));
        }

        app.MapFallback("{**path}", (HttpContext context) =>
            AnthropicError.NotFound($"{context.Request.Method} {context.Request.Path} is not a route of this gateway").WriteAsync(context));
        return app;
    }
}
