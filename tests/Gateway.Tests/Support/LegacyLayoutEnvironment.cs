namespace Gateway.Tests.Support;

// The gateway beside a DataService that keeps the legacy claude-relay-service layout in
// Redis (DATABASE_TYPE=redis), as during a migration next to a running relay.
public sealed class LegacyLayoutEnvironment : GatewayEnvironment
{
    protected override IReadOnlyDictionary<string, string?> ExtraDataServiceSettings => new Dictionary<string, string?> { ["Database:Type"] = "redis" };

    protected override IReadOnlyDictionary<string, string?> ExtraGatewaySettings => new Dictionary<string, string?> { ["Database:Type"] = "redis" };
}
