using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace DataService.Http;

// Where the seed puts a field beside success ({ success, previousStrategy },
// { success, results }), the success answer's schema is the envelope and that field.
internal sealed class FieldBesideSuccessTransformer : IOpenApiOperationTransformer
{
    public async Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        if (context.Description.ActionDescriptor.EndpointMetadata.OfType<FieldBesideSuccessMetadata>().FirstOrDefault() is not { } beside
            || operation.Responses?.GetValueOrDefault(StatusCodes.Status200OK.ToString(System.Globalization.CultureInfo.InvariantCulture)) is not OpenApiResponse { Content: { } content })
        {
            return;
        }

        var field = await context.GetOrCreateSchemaAsync(beside.Type, cancellationToken: cancellationToken);
        foreach (var media in content.Values)
        {
            media.Schema = new OpenApiSchema
            {
                AllOf =
                [
                    media.Schema!,
                    new OpenApiSchema
                    {
                        Type = JsonSchemaType.Object,
                        Properties = new Dictionary<string, IOpenApiSchema> { [beside.Name] = field },
                        Description = $"On success, {beside.Name} beside success as the seed has it (data holds it too).",
                    },
                ],
            };
        }
    }
}

public sealed record FieldBesideSuccessMetadata(string Name, Type Type);
