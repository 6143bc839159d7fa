using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace DataService.Http;

// States the X-Transaction-Id header on the operations that can join a transaction.
internal sealed class TransactionHeaderTransformer : IOpenApiOperationTransformer
{
    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        if (context.Description.ActionDescriptor.EndpointMetadata.OfType<JoinsTransactionMetadata>().Any())
        {
            operation.Parameters ??= [];
            operation.Parameters.Add(new OpenApiParameter
            {
                Name = TransactionJoining.Header,
                In = ParameterLocation.Header,
                Required = false,
                Description = "Run this operation inside the open transaction with this id (from POST /api/v1/transactions): "
                    + "its writes are committed or rolled back with the transaction. Refused on backends without transactions.",
                Schema = new OpenApiSchema { Type = JsonSchemaType.String },
            });
        }

        return Task.CompletedTask;
    }
}
