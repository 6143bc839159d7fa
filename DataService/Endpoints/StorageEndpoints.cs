using DataAccess.Storage;
using DataService.Authentication;
using DataService.Http;

namespace DataService.Endpoints;

public static class StorageEndpoints
{
    public static IEndpointRouteBuilder MapStorageEndpoints(this IEndpointRouteBuilder routes)
    {
        var storage = routes.MapGroup("/api/v1/storage").WithTags("Storage");

        // The gateway's data access (the remote backend) loads the strategies at start and
        // keeps them current, like every process of the app; only switching them is an operator's.
        storage.MapGet("/strategies/{dataType}", (string dataType, IStorageStrategy strategy) =>
            ApiResults.Ok(strategy.GetStorageConfig(DataTypeOf(dataType))))
            .Answers<StorageConfig>()
            .RequireAuthorization(DataServicePolicies.Gateway);

        storage.MapPut("/strategies/{dataType}", async (string dataType, StorageConfig config, IStorageStrategy strategy, CancellationToken cancellationToken) =>
                ApiResults.From(await strategy.SwitchStorageStrategyAsync(DataTypeOf(dataType), config, cancellationToken), "previousStrategy", result => result.PreviousStrategy))
            .Answers<StorageSwitchResult, StorageConfig>("previousStrategy")
            .WithSummary("Switch a data type's strategy in every process at once; the answer holds the previous one.")
            .RequireAuthorization(DataServicePolicies.Admin);

        storage.MapGet("/health", async (IStorageStrategy strategy, CancellationToken cancellationToken) =>
            ApiResults.Ok(await strategy.GetStorageHealthAsync(cancellationToken)))
            .Answers<StorageHealth>()
            .RequireAuthorization(DataServicePolicies.Admin);

        return routes;
    }

    private static DataType DataTypeOf(string value) => QueryValue.Enum<DataType>(value, "dataType")!.Value;
}
