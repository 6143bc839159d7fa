namespace Aspire.Hosting.Testing;

/// <summary>The app model of an AppHost, ready to be changed by a test and then built.</summary>
public interface IDistributedApplicationTestingBuilder : IDistributedApplicationBuilder, IAsyncDisposable
{
    Task<DistributedApplication> BuildAsync(CancellationToken cancellationToken = default);
}
