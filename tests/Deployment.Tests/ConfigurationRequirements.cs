using System.Reflection;
using DataAccess.LegacyRedis;
using DataAccess.Remote;
using DataAccess.Security;
using Microsoft.Extensions.Hosting;

namespace Deployment.Tests;

// What the manifests must provide, for every configuration name our code declares as a
// constant (a section, a setting, a connection name, an environment variable). The
// constants are found by reflection, so a new one fails ConfigurationKeyTests until it is
// listed here: either with the keys a service needs from it, or with why its default does.
internal static class ConfigurationRequirements
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

    public static readonly IReadOnlyDictionary<string, Requirement> ByConstant = new Dictionary<string, Requirement>
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
        ["DataAccess.LegacyRedis.LegacyRedisServiceCollectionExtensions.LegacyRedisConnectionName"] =
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
    };

    // Every string constant of the assemblies whose name says it names configuration.
    public static IEnumerable<(string Assembly, string Constant, string Value)> DeclaredConstants() =>
        from assemblyName in Assemblies
        from type in Assembly.Load(assemblyName).GetTypes()
        from field in type.GetFields(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.DeclaredOnly)
        where field.IsLiteral && field.FieldType == typeof(string) && NamesConfiguration(field.Name)
        select (assemblyName, Name(type, field.Name), (string)field.GetRawConstantValue()!);

    // The service assemblies that use an assembly: itself, or those referencing it.
    public static IEnumerable<string> ServicesUsing(string assembly) =>
        Containers.Keys.Where(service => service == assembly
            || Assembly.Load(service).GetReferencedAssemblies().Any(reference => reference.Name == assembly));

    private static bool NamesConfiguration(string field) =>
        field.EndsWith("Section", StringComparison.Ordinal) || field.EndsWith("SectionName", StringComparison.Ordinal)
        || field.EndsWith("ConnectionName", StringComparison.Ordinal) || field.EndsWith("Setting", StringComparison.Ordinal)
        || field.EndsWith("Variable", StringComparison.Ordinal);

    private static string Name(Type type, string field) => $"{type.FullName}.{field}";
}
