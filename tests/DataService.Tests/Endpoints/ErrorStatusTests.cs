using System.Net;
using DataAccess;
using DataService.Http;
using DataService.Tests.Support;

namespace DataService.Tests.Endpoints;

public sealed class ErrorStatusTests(ErrorStatusTests.DatabaseUnreachable factory) : IClassFixture<ErrorStatusTests.DatabaseUnreachable>
{
    [Theory]
    [InlineData(DatabaseErrorCode.RecordNotFound, 404)]
    [InlineData(DatabaseErrorCode.CacheMiss, 404)]
    [InlineData(DatabaseErrorCode.DuplicateKey, 409)]
    [InlineData(DatabaseErrorCode.ConstraintViolation, 422)]
    [InlineData(DatabaseErrorCode.InvalidQuery, 400)]
    [InlineData(DatabaseErrorCode.ConnectionTimeout, 504)]
    [InlineData(DatabaseErrorCode.QueryTimeout, 504)]
    [InlineData(DatabaseErrorCode.ConnectionFailed, 503)]
    [InlineData(DatabaseErrorCode.PoolExhausted, 503)]
    [InlineData(DatabaseErrorCode.CacheError, 503)]
    public void Every_error_code_has_its_status(string code, int status) => Assert.Equal(status, ApiResults.StatusFor(code));

    [Fact]
    public async Task An_unreachable_database_is_service_unavailable_in_the_envelope()
    {
        var response = await factory.Admin().GetApiAsync($"/api/v1/apikeys/{Guid.NewGuid()}");

        Assert.Equal((HttpStatusCode.ServiceUnavailable, "DB_CONNECTION_FAILED"), (response.Status, response.Code));
        Assert.False(response.Success);
    }

    public sealed class DatabaseUnreachable : DataServiceFactory
    {
        protected override IReadOnlyDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>
        {
            ["ConnectionStrings:postgres"] = $"Host=127.0.0.1;Port={TestSupport.RedisServerProcess.FreePort()};Username=x;Password=x;Database=x;Timeout=2",
        };
    }
}
