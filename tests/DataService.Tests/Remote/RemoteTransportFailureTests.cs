using System.Net;
using System.Net.Sockets;
using DataAccess;
using DataAccess.ApiKeys;
using DataAccess.Remote;
using DataAccess.Storage;
using DataAccess.Usage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using TestSupport;

namespace DataService.Tests.Remote;

// What callers of the remote backend get when the DataService cannot be reached, does not
// answer, or something else answers: failed results with the contract's codes, never
// exceptions, except for their own cancellation.
public sealed class RemoteTransportFailureTests
{
    private const string BaseAddress = $"{DataServiceClientOptions.SectionName}:BaseAddress";

    [Fact]
    public async Task An_unreachable_DataService_is_a_connection_failure()
    {
        using var host = RemoteClientHost.Build(new Dictionary<string, string?>
        {
            ["Services:dataservice:http:0"] = $"http://127.0.0.1:{RedisServerProcess.FreePort()}",
        });
        var keys = host.Services.GetRequiredService<IApiKeyStore>();

        var validate = await keys.ValidateApiKeyAsync(new string('a', 64));
        var get = await keys.GetApiKeyAsync(Guid.NewGuid());
        var usage = await host.Services.GetRequiredService<IUsageStore>().RecordUsageAsync(new UsageRecord { ApiKeyId = Guid.NewGuid(), Model = "m" });
        var health = await host.Services.GetRequiredService<IStorageStrategy>().GetStorageHealthAsync();

        Assert.All([validate.Code, get.Code, usage.Code], code => Assert.Equal(DatabaseErrorCode.ConnectionFailed, code));
        Assert.Contains("could not be reached", get.Error);
        Assert.False(health.Postgres.Connected || health.Redis.Connected);
    }

    [Fact]
    public async Task Once_the_circuit_opens_calls_fail_at_once_as_connection_failures()
    {
        using var host = RemoteClientHost.Build(
            new Dictionary<string, string?> { ["Services:dataservice:http:0"] = $"http://127.0.0.1:{RedisServerProcess.FreePort()}" },
            resilience: options =>
            {
                options.Retry.MaxRetryAttempts = 1;
                options.CircuitBreaker.MinimumThroughput = 2;
            });
        var keys = host.Services.GetRequiredService<IApiKeyStore>();
        await keys.GetApiKeyAsync(Guid.NewGuid());
        await keys.GetApiKeyAsync(Guid.NewGuid());

        var refused = await keys.GetApiKeyAsync(Guid.NewGuid());

        Assert.Equal(DatabaseErrorCode.ConnectionFailed, refused.Code);
        Assert.Contains("fail at once", refused.Error);
    }

    [Fact]
    public async Task A_DataService_that_does_not_answer_is_a_connection_timeout()
    {
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        using var host = RemoteClientHost.Build(
            new Dictionary<string, string?> { [BaseAddress] = $"http://127.0.0.1:{((IPEndPoint)silent.LocalEndpoint).Port}" },
            resilience: options =>
            {
                options.AttemptTimeout.Timeout = TimeSpan.FromMilliseconds(200);
                options.Retry.MaxRetryAttempts = 1;
            });
        var keys = host.Services.GetRequiredService<IApiKeyStore>();

        var get = await keys.GetApiKeyAsync(Guid.NewGuid());
        var validate = await keys.ValidateApiKeyAsync(new string('a', 64));

        Assert.Equal(DatabaseErrorCode.ConnectionTimeout, get.Code);
        Assert.Equal(DatabaseErrorCode.ConnectionTimeout, validate.Code);
    }

    [Fact]
    public async Task The_callers_cancellation_is_thrown_not_returned()
    {
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        using var host = RemoteClientHost.Build(new Dictionary<string, string?>
        {
            [BaseAddress] = $"http://127.0.0.1:{((IPEndPoint)silent.LocalEndpoint).Port}",
        });
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => host.Services.GetRequiredService<IApiKeyStore>().GetApiKeyAsync(Guid.NewGuid(), cancellation.Token));
    }

    [Theory]
    [InlineData(HttpStatusCode.BadGateway, "text/html", "<html>bad gateway</html>", DatabaseErrorCode.ConnectionFailed)]
    [InlineData(HttpStatusCode.ServiceUnavailable, null, "", DatabaseErrorCode.ConnectionFailed)]
    [InlineData(HttpStatusCode.GatewayTimeout, "text/plain", "timeout", DatabaseErrorCode.ConnectionTimeout)]
    [InlineData(HttpStatusCode.NotFound, null, "", DatabaseErrorCode.InvalidQuery)]
    [InlineData(HttpStatusCode.OK, "application/json", "{\"id\":1}", DatabaseErrorCode.ConnectionFailed)]
    [InlineData(HttpStatusCode.OK, "application/json", "not json", DatabaseErrorCode.ConnectionFailed)]
    public async Task An_answer_without_the_result_envelope_is_judged_by_its_status(HttpStatusCode status, string? mediaType, string body, string code)
    {
        using var host = AnsweredBy(new CannedAnswer(status, mediaType, body));

        var result = await host.Services.GetRequiredService<IApiKeyStore>().GetApiKeyAsync(Guid.NewGuid());

        Assert.Equal((false, code), (result.Success, result.Code));
        Assert.Contains($"{(int)status}", result.Error);
    }

    [Theory]
    [InlineData(HttpStatusCode.BadRequest, DatabaseErrorCode.InvalidQuery, "limits.dailyCostLimit")]
    [InlineData(HttpStatusCode.NotFound, DatabaseErrorCode.RecordNotFound, null)]
    [InlineData(HttpStatusCode.UnprocessableEntity, DatabaseErrorCode.ConstraintViolation, null)]
    [InlineData(HttpStatusCode.InternalServerError, "INTERNAL_ERROR", null)]
    [InlineData(HttpStatusCode.ServiceUnavailable, DatabaseErrorCode.PoolExhausted, null)]
    [InlineData(HttpStatusCode.GatewayTimeout, DatabaseErrorCode.QueryTimeout, null)]
    public async Task An_envelope_is_returned_as_it_is_whatever_the_status(HttpStatusCode status, string code, string? field)
    {
        var envelope = $$"""{"success":false,"error":"exactly this","code":"{{code}}"{{(field is null ? "" : $",\"field\":\"{field}\"")}}}""";
        using var host = AnsweredBy(new CannedAnswer(status, "application/json", envelope));

        var result = await host.Services.GetRequiredService<IApiKeyStore>().GetApiKeyAsync(Guid.NewGuid());

        Assert.Equal((false, code, "exactly this", field), (result.Success, result.Code, result.Error, result.Field));
    }

    private static IHost AnsweredBy(HttpMessageHandler answer) =>
        RemoteClientHost.Build(new Dictionary<string, string?> { [BaseAddress] = "http://dataservice.test" }, () => answer);
}
