using System.Text.Json;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace DataService.Http;

// Query parameters bound from [AsParameters] records carry the records' PascalCase names
// into the document; binding is case-insensitive, and the API (like the seed) spells them in
// camelCase, so the document says so and generated clients send ?isActive=, not ?IsActive=.
internal sealed class CamelCaseQueryParameterTransformer : IOpenApiOperationTransformer
{
    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        foreach (var parameter in operation.Parameters?.OfType<OpenApiParameter>() ?? [])
        {
            if (parameter is { In: ParameterLocation.Query, Name: { } name })
            {
                parameter.Name = JsonNamingPolicy.CamelCase.ConvertName(name);
            }
        }

        return Task.CompletedTask;
    }
}
