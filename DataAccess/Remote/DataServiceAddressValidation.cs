using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using ServiceDefaults.Http.ServiceDiscovery;

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

        if (services.GetService<ServiceEndpointResolver>() is not { } resolver)
        {
            return address.Scheme == Uri.UriSchemeHttp || address.Scheme == Uri.UriSchemeHttps
                ? ValidateOptionsResult.Success
                : ValidateOptionsResult.Fail(
                    $"{DataServiceClientOptions.SectionName}:BaseAddress '{address}' needs service discovery: call AddServiceDefaults, or set an http(s) URL.");
        }

        try
        {
            resolver.Resolve(address);
            return ValidateOptionsResult.Success;
        }
        catch (InvalidOperationException exception)
        {
            return ValidateOptionsResult.Fail(exception.Message);
        }
    }
}
