namespace Aspire.Hosting.ApplicationModel;

/// <summary>
/// A resource clients reach through a connection string, injected into referencing resources
/// as <c>ConnectionStrings__{name}</c>.
/// </summary>
public interface IResourceWithConnectionString : IResource
{
    /// <summary>
    /// The connection string. Known once the app has started and the resource's endpoints
    /// have their ports.
    /// </summary>
    ValueTask<string?> GetConnectionStringAsync(CancellationToken cancellationToken = default);
}
