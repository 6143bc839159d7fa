using DataAccess.Sessions;

namespace DataAccess.Remote;

internal sealed class RemoteSessionStore(DataServiceClient client) : ISessionStore
{
    // The DataService takes session tokens in this header, never in a URL that access logs
    // would keep.
    public const string TokenHeader = "X-Session-Token";

    private const string Sessions = "api/v1/sessions";
    private const string Current = $"{Sessions}/current";

    public Task<DataResult<CreatedSession>> CreateSessionAsync(CreateSessionRequest request, CancellationToken cancellationToken = default) =>
        client.SendAsync<CreatedSession>(DataServiceRequest.Post(Sessions, request), cancellationToken);

    public Task<DataResult<SessionValidation>> ValidateSessionAsync(string sessionToken, CancellationToken cancellationToken = default) =>
        client.SendAsync<SessionValidation>(WithToken(DataServiceRequest.Get(Current), sessionToken), cancellationToken);

    public Task<DataResult<SessionExpiry>> UpdateSessionAsync(string sessionToken, SessionUpdate update, CancellationToken cancellationToken = default) =>
        client.SendAsync<SessionExpiry>(WithToken(DataServiceRequest.Patch(Current, update), sessionToken), cancellationToken);

    public Task<DataResult> DeleteSessionAsync(string sessionToken, CancellationToken cancellationToken = default) =>
        client.SendAsync(WithToken(DataServiceRequest.Delete(Current), sessionToken), cancellationToken);

    public Task<DataResult<SessionCleanupResult>> CleanupExpiredSessionsAsync(CancellationToken cancellationToken = default) =>
        client.SendAsync<SessionCleanupResult>(DataServiceRequest.Post($"{Sessions}/cleanup"), cancellationToken);

    private static HttpRequestMessage WithToken(HttpRequestMessage request, string sessionToken)
    {
        request.Headers.TryAddWithoutValidation(TokenHeader, sessionToken);
        return request;
    }
}
