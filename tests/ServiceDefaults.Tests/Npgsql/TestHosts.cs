using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace ServiceDefaults.Tests.Npgsql;

// Hosts with only the configuration a test gives them: no environment variables or appsettings
// that could supply a connection string the test did not mean to. The container validates
// scopes and registrations, as a Development host does (the empty builder leaves that off).
internal static class TestHosts
{
    public static HostApplicationBuilder CreateBuilder(params (string Key, string? Value)[] configuration)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings
        {
            EnvironmentName = Environments.Development,
        });
        builder.ConfigureContainer(new DefaultServiceProviderFactory(new ServiceProviderOptions
        {
            ValidateScopes = true,
            ValidateOnBuild = true,
        }));
        builder.Configuration.AddInMemoryCollection(
            configuration.Select(entry => new KeyValuePair<string, string?>(entry.Key, entry.Value)));
        return builder;
    }
}
