using DataAccess.Storage;
using DataService.Authentication;
using DataService.Http;

namespace DataService.Endpoints;

public static class StorageEndpoints
{
    public static IEndpointRouteBuilder MapStorageEndpoints(this IEndpointRouteBuilder routes)
    {
        var storage = routes.MapGroup("/api/v1/storage").WithTags("Storage").RequireAuthorization(DataServicePolicies.Admin);

        storage.MapGet("/strategies/{dataType}", (WireEnum<DataType> dataType, IStorageStrategy strategy) =>
            ApiResults.Ok(strategy.GetStorageConfig(dataType.Value)));

        storage.MapPut("/strategies/{dataType}", async (WireEnum<DataType> dataType, StorageConfig config, IStorageStrategy strategy, CancellationToken cancellationToken) =>
                ApiResults.From(await strategy.SwitchStorageStrategyAsync(dataType.Value, config, cancellationToken)))
            .WithSummary("Switch a data type's strategy in every process at once; the answer holds the previous one.");

        storage.MapGet("/health", async (IStorageStrategy strategy, CancellationToken cancellationToken) =>
            ApiResults.Ok(await strategy.GetStorageHealthAsync(cancellationToken)));

        return routes;
    }
}
