using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.ServiceDiscovery;

namespace DataAccess.Remote;

// Checks at start-up that the DataService's address can be resolved, so a missing
// services__dataservice__http__0 stops the host with the reason instead of failing every
// call. A plain http(s) URL needs no service discovery; https+http://dataservice does.
internal sealed class DataServiceAddressValidation(IServiceProvider services) : IValidateOptions<DataServiceClientOptions>
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

        if (services.GetService<ServiceEndpointResolver>() is not { } resolver)
        {
            return ValidateOptionsResult.Fail(
                $"{DataServiceClientOptions.SectionName}:BaseAddress '{address}' needs service discovery: call AddServiceDefaults, or set an http(s) URL.");
        }

        // Options validation is synchronous; the configuration resolver answers without I/O.
        var endpoints = resolver.GetEndpointsAsync(address.GetLeftPart(UriPartial.Authority), CancellationToken.None).AsTask().GetAwaiter().GetResult();
        return endpoints.Endpoints.Count > 0
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(
                $"No address for '{address.Host}': set services__{address.Host}__http__0 (the AppHost's WithReference does) or {DataServiceClientOptions.SectionName}:BaseAddress.");
    }
}
