using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Options;

namespace DataAccess.Accounts.OAuth;

// Exchanges a refresh token for new tokens at the configured OAuth token endpoint.
public sealed class OAuthTokenClient(HttpClient http, IOptions<OAuthOptions> options, TimeProvider time)
{
    public const string HttpClientName = "oauth-token-endpoint";

    public async Task<OAuthTokens> RefreshAsync(string refreshToken, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(settings.RefreshTimeout);
        try
        {
            return await RefreshAsync(settings, refreshToken, deadline.Token);
        }
        catch (HttpRequestException exception)
        {
            throw new DatabaseError(DatabaseErrorCode.ConnectionFailed, $"The OAuth token endpoint {settings.TokenEndpoint} is unreachable: {exception.Message}", innerException: exception);
        }
        catch (OperationCanceledException exception) when (!cancellationToken.IsCancellationRequested)
        {
            throw new DatabaseError(DatabaseErrorCode.ConnectionFailed,
                $"The OAuth token endpoint {settings.TokenEndpoint} did not answer within {settings.RefreshTimeout.TotalSeconds:0.#} s.", innerException: exception);
        }
    }

    private async Task<OAuthTokens> RefreshAsync(OAuthOptions settings, string refreshToken, CancellationToken cancellationToken)
    {
        using (var response = await http.PostAsJsonAsync(settings.TokenEndpoint, new RefreshRequest("refresh_token", refreshToken, settings.ClientId), cancellationToken))
        {
            if (response.StatusCode is >= HttpStatusCode.BadRequest and < HttpStatusCode.InternalServerError)
            {
                var reason = await response.Content.ReadAsStringAsync(cancellationToken);
                throw new OAuthRefreshRejectedException($"The OAuth server refused the refresh token ({(int)response.StatusCode}): {Truncate(reason)}");
            }

            if (!response.IsSuccessStatusCode)
            {
                throw new DatabaseError(DatabaseErrorCode.ConnectionFailed, $"The OAuth token endpoint answered {(int)response.StatusCode}.");
            }

            var tokens = await response.Content.ReadFromJsonAsync<RefreshResponse>(cancellationToken)
                ?? throw new DatabaseError(DatabaseErrorCode.ConnectionFailed, "The OAuth token endpoint sent an empty answer.");
            if (string.IsNullOrEmpty(tokens.AccessToken))
            {
                throw new DatabaseError(DatabaseErrorCode.ConnectionFailed, "The OAuth token endpoint sent no access token.");
            }

            return new OAuthTokens(
                tokens.AccessToken,
                string.IsNullOrEmpty(tokens.RefreshToken) ? refreshToken : tokens.RefreshToken,
                time.GetUtcNow().AddSeconds(tokens.ExpiresIn ?? 3600),
                tokens.Scope?.Split(' ', StringSplitOptions.RemoveEmptyEntries));
        }
    }

    private static string Truncate(string text) => text.Length <= 300 ? text : text[..300] + "…";

    private sealed record RefreshRequest(
        [property: JsonPropertyName("grant_type")] string GrantType,
        [property: JsonPropertyName("refresh_token")] string RefreshToken,
        [property: JsonPropertyName("client_id")] string ClientId);

    private sealed record RefreshResponse(
        [property: JsonPropertyName("access_token")] string? AccessToken,
        [property: JsonPropertyName("refresh_token")] string? RefreshToken,
        [property: JsonPropertyName("expires_in")] long? ExpiresIn,
        [property: JsonPropertyName("scope")] string? Scope);
}

// A refresh token the OAuth server no longer accepts (revoked or expired): refreshing again
// will not help; the account needs a new login.
public sealed class OAuthRefreshRejectedException(string message) : Exception(message);

public sealed record OAuthTokens(string AccessToken, string RefreshToken, DateTimeOffset ExpiresAt, string[]? Scopes);
