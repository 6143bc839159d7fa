using System.Text.Json;
using System.Text.Json.Serialization;
using DataAccess.Remote;
using DataService.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.WebUtilities;

namespace Microsoft.Extensions.Hosting;

public static class HttpApiExtensions
{
    public const long DefaultMaxRequestBodyBytes = 1024 * 1024;

    // JSON as the API speaks it: camelCase, enums as strings, and no silently ignored fields.
    public static IHostApplicationBuilder AddHttpApi(this IHostApplicationBuilder builder)
    {
        builder.Services.Configure<JsonOptions>(options => Configure(options.SerializerOptions));
        builder.Services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        builder.Services.AddExceptionHandler<BadRequestEnvelopeHandler>();
        builder.Services.AddProblemDetails();
        return builder;
    }

    // The OpenAPI document at /openapi/v1.json, with the envelope, bearer security, camelCase
    // query parameters, the transaction header and the fields the seed puts beside success stated.
    public static IHostApplicationBuilder AddApiDocument(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOpenApi(options => options
            .AddDocumentTransformer<BearerSecurityDocumentTransformer>()
            .AddOperationTransformer<CamelCaseQueryParameterTransformer>()
            .AddOperationTransformer<TransactionHeaderTransformer>()
            .AddOperationTransformer<FieldBesideSuccessTransformer>()
            .AddSchemaTransformer<EnvelopeSchemaTransformer>());
        return builder;
    }

    // Every answer in the envelope: exceptions, error statuses the framework sends without a
    // body (no such route, wrong method), and bodies over the limit, chunked or not.
    public static WebApplication UseHttpApi(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages(context =>
            ApiResults.Error(context.HttpContext.Response.StatusCode, ApiErrorCodes.For(context.HttpContext.Response.StatusCode),
                $"{ReasonPhrases.GetReasonPhrase(context.HttpContext.Response.StatusCode)}: {context.HttpContext.Request.Method} {context.HttpContext.Request.Path}.")
            .ExecuteAsync(context.HttpContext));
        app.UseMiddleware<RequestBodyLimit>(app.Configuration.GetValue("DataService:MaxRequestBodyBytes", DefaultMaxRequestBodyBytes));
        return app;
    }


    // The wire format is DataServiceJson's, which the remote backend speaks too, read
    // strictly: no unknown fields, and enums by name only (a number would be stored as a value
    // no name stands for; a client that sends one is refused with the field named).
    public static void Configure(JsonSerializerOptions options)
    {
        DataServiceJson.Configure(options);
        options.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
        options.Converters.Remove(options.Converters.OfType<JsonStringEnumConverter>().Single());
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false));
    }
}
