using System.Reflection;
using System.Text.RegularExpressions;
using DataAccess.LegacyRedis;
using DataAccess.Remote;
using DataAccess.Security;
using Microsoft.Extensions.Hosting;

namespace Deployment.Tests;

// What the manifests must provide, for every configuration name our code declares: as a
// constant (a section, a setting, a connection name, an environment variable), found by
// reflection, or as a string literal handed to a configuration call, found in the source. A
// new one fails ConfigurationKeyTests until it is listed here: either with the keys a service
// needs from it, or with why its default does.
internal static partial class ConfigurationRequirements
{
    // Our own assemblies that read configuration; ServiceDefaults' settings are the Aspire
    // integrations' tuning knobs, all with defaults.
    public static readonly string[] Assemblies = ["DataAccess", "DataService", "Gateway", "MigrationService"];

    // The workload and container that runs each service assembly.
    public static readonly IReadOnlyDictionary<string, (string Workload, string Container)> Containers = new Dictionary<string, (string, string)>
    {
        ["DataService"] = ("dataservice", "dataservice"),
        ["Gateway"] = ("gateway", "gateway"),
        ["MigrationService"] = ("migration", "migration"),
    };

    // Keys every service that uses the declaring assembly must receive; Only narrows that to
    // the named service assemblies.
    public sealed record Requirement(string[] Keys, string[]? Only = null, string? DefaultsSuffice = null)
    {
        public static Requirement Provide(params string[] keys) => new(keys);

        public static Requirement Default(string why) => new([], DefaultsSuffice: why);

        public Requirement In(params string[] services) => this with { Only = services };
    }

    public static readonly IReadOnlyDictionary<string, Requirement> ByName = new Dictionary<string, Requirement>
    {
        [Name(typeof(DataAccessHostingExtensions), nameof(DataAccessHostingExtensions.PostgresConnectionName))] =
            Requirement.Provide($"ConnectionStrings:{DataAccessHostingExtensions.PostgresConnectionName}").In("DataService", "MigrationService"),
        [Name(typeof(DataAccessHostingExtensions), nameof(DataAccessHostingExtensions.RedisConnectionName))] =
            Requirement.Provide($"ConnectionStrings:{DataAccessHostingExtensions.RedisConnectionName}").In("DataService"),
        [Name(typeof(DataAccessHostingExtensions), "Section")] =
            Requirement.Default("DataAccess:Retry, Transactions, UsageStream, ClaudeOAuth and TimeZoneOffsetHours all have defaults (the time zone the legacy +8)"),
        [Name(typeof(SecuritySettings), nameof(SecuritySettings.EncryptionKeySetting))] =
            Requirement.Provide(SecuritySettings.EncryptionKeySetting),
        [Name(typeof(SecuritySettings), nameof(SecuritySettings.LegacyEncryptionKeyVariable))] =
            Requirement.Default($"the legacy name of {SecuritySettings.EncryptionKeySetting}, which is set"),
        [Name(typeof(SecuritySettings), nameof(SecuritySettings.ApiKeyPrefixSetting))] =
            Requirement.Default($"defaults to {SecuritySettings.DefaultApiKeyPrefix}, the relay's prefix"),
        [Name(typeof(SecuritySettings), nameof(SecuritySettings.LegacyApiKeyPrefixVariable))] =
            Requirement.Default($"the legacy name of {SecuritySettings.ApiKeyPrefixSetting}"),
        [Name(typeof(DataServiceClientOptions), nameof(DataServiceClientOptions.SectionName))] =
            Requirement.Provide($"{DataServiceClientOptions.SectionName}:{nameof(DataServiceClientOptions.Token)}", "services:dataservice:http:0").In("Gateway"),
        [Name(typeof(DataServiceClientOptions), nameof(DataServiceClientOptions.TokenVariable))] =
            Requirement.Default($"the other name of {DataServiceClientOptions.SectionName}:{nameof(DataServiceClientOptions.Token)}, which is set"),
        [Name(typeof(DataAccessHostingExtensions), nameof(DataAccessHostingExtensions.LegacyRedisConnectionName))] =
            Requirement.Default("read only by the redis and dual backends (DATABASE_TYPE), which the manifests do not choose"),
        [Name(typeof(LegacyRedisOptions), nameof(LegacyRedisOptions.Section))] =
            Requirement.Default("the legacy backend's tuning; defaults"),
        [Name(typeof(LegacyRedisOptions), nameof(LegacyRedisOptions.LegacyMetricsWindowVariable))] =
            Requirement.Default("the legacy backend's tuning; defaults"),
        ["DataService.Authentication.ServiceTokenOptions.SectionName"] =
            Requirement.Provide("DataService:Auth:AdminTokens:0", "DataService:Auth:ServiceTokens:0"),
        ["DataService.Monitoring.MonitoringOptions.SectionName"] =
            Requirement.Default("monitoring thresholds and intervals have defaults"),
        ["MigrationService.BackfillSettings.Section"] =
            Requirement.Default("backfill tuning; defaults"),
        ["MigrationService.BackfillSettings.ConnectionName"] =
            Requirement.Provide("ConnectionStrings:legacy-redis"),
        ["MigrationService.Steps.SchemaWaitStep.Setting"] =
            Requirement.Default("set by the --wait-for-schema argument of the init container (MigrationWiringTests)"),
        // Named in DataAccessHostingExtensions' description of the host's AddRedisClient call: the
        // connection of RedisConnectionName.
        [Literal("DataAccess", $"ConnectionStrings:{DataAccessHostingExtensions.RedisConnectionName}")] =
            Requirement.Provide($"ConnectionStrings:{DataAccessHostingExtensions.RedisConnectionName}").In("DataService"),
        // Named in DataAccess's description of the host's AddNpgsqlDataSource call: the
        // connection of PostgresConnectionName.
        [Literal("DataAccess", $"ConnectionStrings:{DataAccessHostingExtensions.PostgresConnectionName}")] =
            Requirement.Provide($"ConnectionStrings:{DataAccessHostingExtensions.PostgresConnectionName}").In("DataService", "MigrationService"),
        [Literal("DataAccess", "Database:Type")] = Requirement.Default("hybrid, PostgreSQL with the Redis cache"),
        [Literal("DataAccess", "DATABASE_TYPE")] = Requirement.Default("the legacy name of Database:Type"),
        [Literal("DataAccess", "Database:DualReadFrom")] = Requirement.Default("read by the dual backend only"),
        [Literal("DataAccess", "TIMEZONE_OFFSET")] = Requirement.Default("the legacy rule: unset means +8, as in claude-relay-service"),
        [Literal("MigrationService", "TIMEZONE_OFFSET")] = Requirement.Default("the legacy rule: unset means +8, as in claude-relay-service"),
        [Literal("MigrationService", "ConnectionStrings:postgres")] = Requirement.Provide("ConnectionStrings:postgres"),
        [Name(typeof(Gateway.GatewayStorage), nameof(Gateway.GatewayStorage.RedisConnectionName))] =
            Requirement.Provide($"ConnectionStrings:{Gateway.GatewayStorage.RedisConnectionName}"),
        [Name(typeof(Gateway.GatewayOptions), nameof(Gateway.GatewayOptions.SectionName))] =
            Requirement.Default("every Gateway option has a default; Upstreams:Claude is the Anthropic API"),
        [Literal("Gateway", "Database:Type")] =
            Requirement.Default("the gateway always reads through the DataService; this only tells it whether the DataService writes the legacy cost keys (redis or dual backends, which the manifests do not choose)"),
        [Literal("Gateway", "DATABASE_TYPE")] = Requirement.Default("the legacy name of Database:Type"),
        [Literal("Gateway", "DataAccess:TimeZoneOffsetHours")] = Requirement.Default("the legacy rule: unset means +8, as in claude-relay-service"),
        [Literal("Gateway", "TIMEZONE_OFFSET")] = Requirement.Default("the legacy rule: unset means +8, as in claude-relay-service"),
    };

    // Calls that read configuration, with the key (or the connection name) as a literal.
    [GeneratedRegex("""(?:GetSection|GetValue<[^>]+>|BindConfiguration)\(\s*"(?<key>[^"]+)"|[Cc]onfiguration\[\s*"(?<key>[^"]+)"\s*\]""")]
    private static partial Regex LiteralKey();

    [GeneratedRegex("""(?:GetConnectionString|Add(?:Keyed)?(?:NpgsqlDataSource|NpgsqlDbContext<[^>]+>|RedisClient|RedisDistributedCache))\(\s*"(?<name>[^"]+)""")]
    private static partial Regex LiteralConnectionName();

    // Every configuration name the assemblies declare, identified by the constant that holds it
    // or by the assembly and the literal.
    public static IEnumerable<(string Assembly, string Name, string Value)> DeclaredNames() =>
        DeclaredConstants().Concat(LiteralKeys());

    // Every string constant whose field name says it names configuration.
    private static IEnumerable<(string Assembly, string Name, string Value)> DeclaredConstants() =>
        from assemblyName in Assemblies
        from type in Assembly.Load(assemblyName).GetTypes()
        from field in type.GetFields(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.DeclaredOnly)
        where field.IsLiteral && field.FieldType == typeof(string) && NamesConfiguration(field.Name)
        select (assemblyName, Name(type, field.Name), (string)field.GetRawConstantValue()!);

    // Every literal key in a configuration call in the assembly's source files.
    private static IEnumerable<(string Assembly, string Name, string Value)> LiteralKeys() =>
        (from assemblyName in Assemblies
         from file in Directory.GetFiles(Path.Combine(Repository.Root, assemblyName), "*.cs", SearchOption.AllDirectories)
         where !file.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
         let source = File.ReadAllText(file)
         from key in LiteralKey().Matches(source).Select(match => match.Groups["key"].Value)
             .Concat(LiteralConnectionName().Matches(source).Select(match => $"ConnectionStrings:{match.Groups["name"].Value}"))
         select (assemblyName, Literal(assemblyName, key), key)).Distinct();

    // The service assemblies that use an assembly: itself, or those referencing it.
    public static IEnumerable<string> ServicesUsing(string assembly) =>
        Containers.Keys.Where(service => service == assembly
            || Assembly.Load(service).GetReferencedAssemblies().Any(reference => reference.Name == assembly));

    private static bool NamesConfiguration(string field) =>
        field.EndsWith("Section", StringComparison.Ordinal) || field.EndsWith("SectionName", StringComparison.Ordinal)
        || field.EndsWith("ConnectionName", StringComparison.Ordinal) || field.EndsWith("Setting", StringComparison.Ordinal)
        || field.EndsWith("Variable", StringComparison.Ordinal);

    private static string Name(Type type, string field) => $"{type.FullName}.{field}";

    private static string Literal(string assembly, string key) => $"{assembly}: \"{key}\"";
}
