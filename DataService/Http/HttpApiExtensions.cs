using System.Text.Json;
using System.Text.Json.Serialization;
using DataAccess.Remote;
using DataService.Http;
using Microsoft.AspNetCore.Http.Json;

namespace Microsoft.Extensions.Hosting;

public static class HttpApiExtensions
{
    public const long DefaultMaxRequestBodyBytes = 1024 * 1024;

    // JSON as the API speaks it: camelCase, enums as strings, and no silently ignored fields.
    public static IHostApplicationBuilder AddHttpApi(this IHostApplicationBuilder builder)
    {
        builder.Services.Configure<JsonOptions>(options => Configure(options.SerializerOptions));
        builder.Services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        builder.Services.Configure<Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerOptions>(options =>
            options.Limits.MaxRequestBodySize = builder.Configuration.GetValue("DataService:MaxRequestBodyBytes", DefaultMaxRequestBodyBytes));
        builder.Services.AddExceptionHandler<BadRequestEnvelopeHandler>();
        builder.Services.AddProblemDetails();
        return builder;
    }

    // The wire format is DataServiceJson's, which the remote backend speaks too.
    public static void Configure(JsonSerializerOptions options)
    {
        DataServiceJson.Configure(options);
        options.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
    }
}
