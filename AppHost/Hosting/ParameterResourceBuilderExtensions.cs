using AppHost.Hosting;
using AppHost.Hosting.Parameters;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.Configuration;

namespace Aspire.Hosting;

public static class ParameterResourceBuilderExtensions
{
    /// <summary>A parameter whose value must be in configuration, under <c>Parameters:{name}</c>.</summary>
    public static IResourceBuilder<ParameterResource> AddParameter(this IDistributedApplicationBuilder builder, string name, bool secret = false) =>
        builder.AddResource(new ParameterResource(name, parameterDefault => ResolveValue(builder.Configuration, name, parameterDefault), secret));

    /// <summary>
    /// A parameter whose value is <c>Parameters:{name}</c> from configuration if present, else
    /// <paramref name="value"/>. With <paramref name="persist"/>, a default value is worked out
    /// once and kept for later runs (Aspire keeps it in the AppHost's user secrets; here it is
    /// the AppHost's parameter file, see <see cref="AppHostDirectories"/>).
    /// </summary>
    public static IResourceBuilder<ParameterResource> AddParameter(
        this IDistributedApplicationBuilder builder, string name, ParameterDefault value, bool secret = false, bool persist = false)
    {
        var parameterDefault = persist ? new PersistentParameterDefault(ConfigurationKey(name), value, new AppHostDirectories(builder.Configuration)) : value;
        var parameter = new ParameterResource(name, d => ResolveValue(builder.Configuration, name, d), secret) { Default = parameterDefault };
        return builder.AddResource(parameter);
    }

    // Connection strings and URLs carry these passwords unescaped, so no special characters.
    internal static ParameterResource AddDefaultPasswordParameter(this IDistributedApplicationBuilder builder, string name) =>
        builder.AddParameter(name, new GenerateParameterDefault { MinLength = 22, Special = false }, secret: true, persist: true).Resource;

    private static string ResolveValue(IConfiguration configuration, string name, ParameterDefault? parameterDefault) =>
        configuration[ConfigurationKey(name)]
        ?? parameterDefault?.GetDefaultValue()
        ?? throw new MissingParameterValueException(
            $"Parameter resource could not be used because configuration key '{ConfigurationKey(name)}' is missing and the parameter has no default value.");

    private static string ConfigurationKey(string name) => $"Parameters:{name}";
}
