using DataAccess.Accounts;

namespace DataAccess.Remote;

// The account operations every platform shares; each platform has the same routes under a
// prefix of its own.
internal sealed class RemoteAccounts(DataServiceClient client, string platform)
{
    private readonly string _accounts = $"api/v1/accounts/{platform}";

    public Task<DataResult<CreatedAccount>> CreateAsync(CreateAccountRequest request, CancellationToken cancellationToken) =>
        client.SendAsync<CreatedAccount>(DataServiceRequest.Post(_accounts, request), cancellationToken);

    public Task<DataResult<Account>> GetAsync(Guid accountId, CancellationToken cancellationToken) =>
        client.SendAsync<Account>(DataServiceRequest.Get($"{_accounts}/{accountId}"), cancellationToken);

    public Task<DataResult> UpdateStatusAsync(Guid accountId, string status, AccountStatusUpdate? metadata, CancellationToken cancellationToken) =>
        client.SendAsync(DataServiceRequest.Put($"{_accounts}/{accountId}/status", new { status, metadata }), cancellationToken);

    public Task<DataResult<IReadOnlyList<Account>>> GetAvailableAsync(AvailableAccountQuery query, CancellationToken cancellationToken)
    {
        var path = new QueryParameters()
            .Add("status", query.Status)
            .Add("rateLimitAvailable", query.RateLimitAvailable)
            .Add("minTokensRemaining", query.MinTokensRemaining)
            .Add("anyState", query.AnyState)
            .AppendTo($"{_accounts}/available");
        return client.SendAsync<IReadOnlyList<Account>>(DataServiceRequest.Get(path), cancellationToken);
    }

    public Task<DataResult<AccountAccessToken>> GetAccessTokenAsync(Guid accountId, CancellationToken cancellationToken)
    {
        var request = DataServiceRequest.Get($"{_accounts}/{accountId}/access-token");
        request.Options.Set(DataServiceClient.AnswerIsFinal, true);
        return client.SendAsync<AccountAccessToken>(request, cancellationToken);
    }

    public Task<DataResult<RefreshedToken>> RefreshAsync(Guid accountId, CancellationToken cancellationToken) =>
        client.SendAsync<RefreshedToken>(DataServiceRequest.Post($"{_accounts}/{accountId}/refresh"), cancellationToken);
}
