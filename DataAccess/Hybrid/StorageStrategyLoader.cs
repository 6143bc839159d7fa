using Microsoft.Extensions.Hosting;

namespace DataAccess.Hybrid;

// Loads the stored strategies before the host serves requests.
internal sealed class StorageStrategyLoader(StorageStrategyRegistry registry) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => registry.StartAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
