namespace Gateway.Routing;

// A Claude API route the gateway relays: its name in metrics, the upstream path, and
// whether its answers carry usage to record.
public sealed record RelayRoute(string Name, string UpstreamPath, bool HasBody, bool RecordsUsage)
{
    public static readonly RelayRoute Messages = new("messages", "/v1/messages", HasBody: true, RecordsUsage: true);

    public static readonly RelayRoute CountTokens = new("count_tokens", "/v1/messages/count_tokens", HasBody: true, RecordsUsage: false);

    public static readonly RelayRoute Models = new("models", "/v1/models", HasBody: false, RecordsUsage: false);
}
