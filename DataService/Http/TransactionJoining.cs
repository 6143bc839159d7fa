using DataAccess;
using DataAccess.Storage;
using DataAccess.Transactions;

namespace DataService.Http;

// Typed write operations join a transaction begun with POST /api/v1/transactions when the
// request names it in the X-Transaction-Id header: they run inside it, one at a time, and
// what they wrote becomes visible on commit and disappears on rollback or timeout. A failed
// operation is undone alone and the transaction stays usable. Without the header they run
// on their own as always.
public static class TransactionJoining
{
    public const string Header = "X-Transaction-Id";

    public static RouteHandlerBuilder JoinsTransaction(this RouteHandlerBuilder route, params DataType[] writes) =>
        route
            .WithMetadata(new JoinsTransactionMetadata(writes))
            .AddEndpointFilter(async (context, next) =>
            {
                var transactionId = context.HttpContext.Request.Headers[Header].ToString();
                if (transactionId.Length == 0)
                {
                    return await next(context);
                }

                var joiner = context.HttpContext.RequestServices.GetRequiredService<ITransactionJoiner>();
                var joined = await joiner.JoinAsync(
                    transactionId, writes, _ => next(context).AsTask(), Succeeded, context.HttpContext.RequestAborted);
                return joined.Success ? joined.Data : ApiResults.From(joined);
            });

    private static bool Succeeded(object? result) => result is not IStatusCodeHttpResult { StatusCode: >= 400 };
}

// Marks an operation that takes the X-Transaction-Id header, for the OpenAPI document.
public sealed record JoinsTransactionMetadata(IReadOnlyCollection<DataType> Writes);
