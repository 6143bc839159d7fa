using System.Text.Json.Nodes;
using DataAccess;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace DataService.Http;

// DataResult<T> and Optional<T> are written by JSON converters of their own, which hide
// their shape from the schema generator; this states it. DataResult<T> is
// { success, data: T, error, code, field }; an Optional<T> field is a T that may be left out.
internal sealed class EnvelopeSchemaTransformer : IOpenApiSchemaTransformer
{
    public async Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        var type = context.JsonTypeInfo.Type;
        if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(Optional<>))
        {
            var inner = await context.GetOrCreateSchemaAsync(type.GetGenericArguments()[0], cancellationToken: cancellationToken);
            schema.AllOf = [inner];
            schema.Description = "Changed only when present; null clears it where it may be cleared.";
            return;
        }

        if (!type.IsGenericType || type.GetGenericTypeDefinition() != typeof(DataResult<>))
        {
            return;
        }

        schema.Type = JsonSchemaType.Object;
        schema.Description = "The result envelope: data on success; error, code and (for bad input) field on failure.";
        schema.Properties = new Dictionary<string, IOpenApiSchema>
        {
            ["success"] = new OpenApiSchema { Type = JsonSchemaType.Boolean },
            ["data"] = await context.GetOrCreateSchemaAsync(type.GetGenericArguments()[0], cancellationToken: cancellationToken),
            ["error"] = new OpenApiSchema { Type = JsonSchemaType.String },
            ["code"] = new OpenApiSchema
            {
                Type = JsonSchemaType.String,
                Enum = [.. typeof(DatabaseErrorCode).GetFields().Select(field => (JsonNode)JsonValue.Create((string)field.GetValue(null)!)!)],
            },
            ["field"] = new OpenApiSchema { Type = JsonSchemaType.String },
        };
        schema.Required = new HashSet<string> { "success" };
    }
}
