using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.ServiceDiscovery;

namespace DataAccess.Remote;

// Checks at start-up that the DataService's address can be resolved, so a missing
// services__dataservice__http__0 stops the host with the reason instead of failing every
// call. A plain http(s) URL needs no service discovery; https+http://dataservice does.
internal sealed class DataServiceAddressValidation(IServiceProvider services, IConfiguration configuration) : IValidateOptions<DataServiceClientOptions>
{
    public ValidateOptionsResult Validate(string? name, DataServiceClientOptions options)
    {
        var address = options.BaseAddress;
        if (!address.IsAbsoluteUri)
        {
            return ValidateOptionsResult.Fail($"{DataServiceClientOptions.SectionName}:BaseAddress must be an absolute URI; it is '{address}'.");
        }

        if (address.Scheme == Uri.UriSchemeHttp || address.Scheme == Uri.UriSchemeHttps)
        {
            return ValidateOptionsResult.Success;
        }

        if (services.GetService<ServiceEndpointResolver>() is null)
        {
            return ValidateOptionsResult.Fail(
                $"{DataServiceClientOptions.SectionName}:BaseAddress '{address}' needs service discovery: call AddServiceDefaults, or set an http(s) URL.");
        }

        // Service discovery would pass an unknown name on to DNS; in this app the address of
        // the DataService always comes from configuration (services__dataservice__http__0).
        return configuration.GetSection($"services:{address.Host}").Exists()
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(
                $"No address for '{address.Host}': set services__{address.Host}__http__0 (the AppHost's WithReference does) or {DataServiceClientOptions.SectionName}:BaseAddress.");
    }
}
