using System.Net.Http;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace AppHost.Hosting.Health;

/// <summary>A GET that must answer with the expected status code, as Aspire's WithHttpHealthCheck.</summary>
internal sealed class HttpHealthProbe(Func<Uri> address, int expectedStatusCode) : IHealthProbe
{
    private static readonly HttpClient s_client = new();

    public async Task<HealthCheckResult> CheckAsync(CancellationToken cancellationToken)
    {
        var uri = address();
        try
        {
            using var response = await s_client.GetAsync(uri, cancellationToken);
            return (int)response.StatusCode == expectedStatusCode
                ? HealthCheckResult.Healthy()
                : HealthCheckResult.Unhealthy($"GET {uri} answered {(int)response.StatusCode}, expected {expectedStatusCode}.");
        }
        catch (HttpRequestException exception)
        {
            return HealthCheckResult.Unhealthy($"GET {uri} failed: {exception.Message}");
        }
    }
}
