namespace Gateway.Tests.Support;

// The gateway beside a DataService that keeps the legacy claude-relay-service layout in
// Redis, as during a migration next to a running relay: DATABASE_TYPE=dual reading from
// Redis (the redis-only DataService does not start in Development: its monitoring wants
// PostgreSQL's pool monitor).
public sealed class LegacyLayoutEnvironment : GatewayEnvironment
{
    protected override IReadOnlyDictionary<string, string?> ExtraDataServiceSettings => new Dictionary<string, string?> { ["Database:Type"] = "dual", ["Database:DualReadFrom"] = "redis" };

    protected override IReadOnlyDictionary<string, string?> ExtraGatewaySettings => new Dictionary<string, string?> { ["Database:Type"] = "dual" };
}
