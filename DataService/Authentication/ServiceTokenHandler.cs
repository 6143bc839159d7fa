using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace DataService.Authentication;

// Bearer tokens from configuration. Each candidate is compared in constant time, and every
// configured token is checked whatever the outcome, so timing says nothing about which
// tokens exist. Tokens never reach a log.
internal sealed class ServiceTokenHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> schemeOptions,
    IOptionsMonitor<ServiceTokenOptions> tokens,
    ILoggerFactory logger,
    UrlEncoder encoder)
    : AuthenticationHandler<AuthenticationSchemeOptions>(schemeOptions, logger, encoder)
{
    public const string SchemeName = "ServiceToken";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        var presented = Encoding.UTF8.GetBytes(header["Bearer ".Length..].Trim());
        var configured = tokens.CurrentValue;
        var isAdmin = Matches(presented, configured.AdminTokens);
        var isService = Matches(presented, configured.ServiceTokens);
        if (!isAdmin && !isService)
        {
            return Task.FromResult(AuthenticateResult.Fail("The bearer token is not one of the configured tokens."));
        }

        var identity = new ClaimsIdentity(
            [new Claim(ClaimTypes.Name, isAdmin ? "admin" : "service"), new Claim(ClaimTypes.Role, isAdmin ? DataServicePolicies.AdminRole : DataServicePolicies.ServiceRole)],
            SchemeName);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
    }

    private static bool Matches(byte[] presented, List<string> candidates)
    {
        var match = false;
        foreach (var candidate in candidates)
        {
            if (!string.IsNullOrEmpty(candidate))
            {
                match |= CryptographicOperations.FixedTimeEquals(presented, Encoding.UTF8.GetBytes(candidate));
            }
        }

        return match;
    }
}
