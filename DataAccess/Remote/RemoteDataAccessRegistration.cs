using DataAccess.Accounts;
using DataAccess.ApiKeys;
using DataAccess.Sessions;
using DataAccess.Storage;
using DataAccess.Transactions;
using DataAccess.Usage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace DataAccess.Remote;

// The remote backend: every interface served by calling the DataService. The host's
// AddServiceDefaults gives its HttpClient service discovery and the standard resilience.
internal static class RemoteDataAccessRegistration
{
    public static void AddRemoteDataAccess(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<DataServiceClientOptions>()
            .Bind(configuration.GetSection(DataServiceClientOptions.SectionName))
            .PostConfigure(options => options.Token = string.IsNullOrEmpty(options.Token) ? configuration[DataServiceClientOptions.TokenVariable] : options.Token)
            .Validate(options => options.StorageConfigRefreshInterval > TimeSpan.Zero, $"{DataServiceClientOptions.SectionName}:StorageConfigRefreshInterval must be positive.")
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<DataServiceClientOptions>, DataServiceAddressValidation>();

        services.AddHttpClient(DataServiceClient.HttpClientName, (provider, http) =>
            {
                var options = provider.GetRequiredService<IOptionsMonitor<DataServiceClientOptions>>().CurrentValue;
                http.BaseAddress = WithTrailingSlash(options.BaseAddress);
                if (!string.IsNullOrEmpty(options.Token))
                {
                    http.DefaultRequestHeaders.Authorization = new("Bearer", options.Token);
                }
            })
            // HttpClient's request logging redacts header values in its message but passes them
            // in clear as structured values, which exporters keep: the bearer token and session
            // tokens would leave the process. DataServiceClient logs what failed instead.
            .RemoveAllLoggers();

        services.AddSingleton<DataServiceClient>();
        services.AddSingleton<StorageConfigSnapshot>();
        services.AddHostedService<StorageConfigRefresher>();
        services.AddSingleton<IApiKeyStore, RemoteApiKeyStore>();
        services.AddSingleton<IClaudeAccountStore, RemoteClaudeAccountStore>();
        services.AddSingleton<IOpenAiAccountStore, RemoteOpenAiAccountStore>();
        services.AddSingleton<IUsageStore, RemoteUsageStore>();
        services.AddSingleton<ISessionStore, RemoteSessionStore>();
        services.AddSingleton<IStorageStrategy, RemoteStorageStrategy>();
        services.AddSingleton<ITransactionManager, RemoteTransactionManager>();
    }

    // Paths are relative, so a base address with a path of its own must end in a slash to keep it.
    private static Uri WithTrailingSlash(Uri address) =>
        address.AbsolutePath.EndsWith('/') ? address : new Uri(address + "/");
}
