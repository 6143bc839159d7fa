using DataAccess.Sessions;
using DataAccess.Storage;
using DataService.Authentication;
using DataService.Http;
using Microsoft.AspNetCore.Mvc;

namespace DataService.Endpoints;

// The session token travels in the X-Session-Token header, never in a URL that access logs
// would keep. A missing or empty header is an empty token, which the store refuses as it
// refuses any malformed one (field sessionToken).
public static class SessionEndpoints
{
    public const string TokenHeader = "X-Session-Token";

    public static IEndpointRouteBuilder MapSessionEndpoints(this IEndpointRouteBuilder routes)
    {
        var sessions = routes.MapGroup("/api/v1/sessions").WithTags("Sessions").RequireAuthorization(DataServicePolicies.Admin);

        sessions.MapPost("/", async (CreateSessionRequest request, ISessionStore store, CancellationToken cancellationToken) =>
            ApiResults.From(await store.CreateSessionAsync(request, cancellationToken), StatusCodes.Status201Created))
            .Answers<CreatedSession>(StatusCodes.Status201Created)
            .JoinsTransaction(DataType.Session);

        sessions.MapGet("/current", async ([FromHeader(Name = TokenHeader)] string? sessionToken, ISessionStore store, CancellationToken cancellationToken) =>
            ApiResults.From(await store.ValidateSessionAsync(sessionToken ?? "", cancellationToken)))
            .Answers<SessionValidation>();

        sessions.MapPatch("/current", async ([FromHeader(Name = TokenHeader)] string? sessionToken, SessionUpdate update, ISessionStore store, CancellationToken cancellationToken) =>
            ApiResults.From(await store.UpdateSessionAsync(sessionToken ?? "", update, cancellationToken)))
            .Answers<SessionExpiry>()
            .JoinsTransaction(DataType.Session);

        sessions.MapDelete("/current", async ([FromHeader(Name = TokenHeader)] string? sessionToken, ISessionStore store, CancellationToken cancellationToken) =>
            ApiResults.From(await store.DeleteSessionAsync(sessionToken ?? "", cancellationToken)))
            .Answers()
            .JoinsTransaction(DataType.Session);

        sessions.MapPost("/cleanup", async (ISessionStore store, CancellationToken cancellationToken) =>
            ApiResults.From(await store.CleanupExpiredSessionsAsync(cancellationToken)))
            .Answers<SessionCleanupResult>();

        return routes;
    }
}
