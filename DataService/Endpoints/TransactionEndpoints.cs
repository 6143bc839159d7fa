using System.ComponentModel.DataAnnotations;
using DataAccess.Transactions;
using DataAccess.Validation;
using DataService.Authentication;
using DataService.Http;

namespace DataService.Endpoints;

public static class TransactionEndpoints
{
    public static IEndpointRouteBuilder MapTransactionEndpoints(this IEndpointRouteBuilder routes)
    {
        var transactions = routes.MapGroup("/api/v1/transactions").WithTags("Transactions").RequireAuthorization(DataServicePolicies.Admin);

        transactions.MapPost("/", async (TransactionOptions? options, ITransactionManager manager, CancellationToken cancellationToken) =>
                ApiResults.From(await manager.BeginTransactionAsync(options, cancellationToken), StatusCodes.Status201Created))
            .Answers<TransactionHandle>(StatusCodes.Status201Created)
            .WithSummary("Begin a transaction; it is rolled back if not finished within its timeout.");

        transactions.MapPost("/{transactionId}/commit", async (string transactionId, ITransactionManager manager, CancellationToken cancellationToken) =>
            ApiResults.From(await manager.CommitTransactionAsync(transactionId, cancellationToken)))
            .Answers();

        transactions.MapPost("/{transactionId}/rollback", async (string transactionId, ITransactionManager manager, CancellationToken cancellationToken) =>
            ApiResults.From(await manager.RollbackTransactionAsync(transactionId, cancellationToken)))
            .Answers();

        transactions.MapPost("/{transactionId}/batch", async (string transactionId, BatchRequest request, ITransactionManager manager, CancellationToken cancellationToken) =>
                ApiResults.From(await manager.BatchOperationAsync(request.Operations, request.Options, transactionId, cancellationToken), "results", result => result.Results))
            .Answers<BatchResult, IReadOnlyList<BatchOperationResult>>("results")
            .WithSummary("Run operations inside the open transaction, all or nothing.");

        transactions.MapPost("/batch", async (BatchRequest request, ITransactionManager manager, CancellationToken cancellationToken) =>
                ApiResults.From(await manager.BatchOperationAsync(request.Operations, request.Options, null, cancellationToken), "results", result => result.Results))
            .Answers<BatchResult, IReadOnlyList<BatchOperationResult>>("results")
            .WithSummary("Run operations in a transaction of their own, all or nothing.");

        return routes;
    }
}

public sealed record BatchRequest([property: MaxLength(InputLimits.MaxBatchItems)] IReadOnlyList<BatchOperation> Operations, TransactionOptions? Options = null);
