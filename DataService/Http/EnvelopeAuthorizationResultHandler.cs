using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;

namespace DataService.Http;

// 401 and 403 in the result envelope, like every other answer of the API.
internal sealed class EnvelopeAuthorizationResultHandler : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        if (authorizeResult.Challenged)
        {
            context.Response.Headers.WWWAuthenticate = "Bearer";
            await ApiResults.Error(StatusCodes.Status401Unauthorized, ApiErrorCodes.Unauthorized, "A valid bearer token is required.").ExecuteAsync(context);
            return;
        }

        if (authorizeResult.Forbidden)
        {
            await ApiResults.Error(StatusCodes.Status403Forbidden, ApiErrorCodes.Forbidden, "This token may not call this operation.").ExecuteAsync(context);
            return;
        }

        await _default.HandleAsync(next, context, policy, authorizeResult);
    }
}
