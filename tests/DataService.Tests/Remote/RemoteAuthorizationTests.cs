using DataAccess;
using DataAccess.ApiKeys;
using DataAccess.Remote;
using DataAccess.Storage;
using DataService.Http;
using Microsoft.Extensions.DependencyInjection;

namespace DataService.Tests.Remote;

// The DataService's 401 and 403 reach callers of the remote backend as failed results with
// the service's codes, like any other refusal.
public sealed class RemoteAuthorizationTests(RemoteBackendFixture fixture) : IClassFixture<RemoteBackendFixture>
{
    private const string TokenSetting = $"{DataServiceClientOptions.SectionName}:Token";

    [Fact]
    public async Task The_gateways_service_token_cannot_create_or_delete_keys()
    {
        var existing = (await fixture.ApiKeys.CreateApiKeyAsync(new CreateApiKeyRequest { Name = "existing" })).Unwrap();
        using var gateway = fixture.BuildHost(new Dictionary<string, string?> { [TokenSetting] = RemoteBackendFixture.ServiceToken });
        var keys = gateway.Services.GetRequiredService<IApiKeyStore>();

        var create = await keys.CreateApiKeyAsync(new CreateApiKeyRequest { Name = "sneaked-in" });
        var delete = await keys.DeleteApiKeyAsync(existing.Id);

        Assert.Equal((false, ApiErrorCodes.Forbidden), (create.Success, create.Code));
        Assert.Equal((false, ApiErrorCodes.Forbidden), (delete.Success, delete.Code));
        Assert.False(string.IsNullOrEmpty(delete.Error));
        Assert.False((await fixture.ApiKeys.GetApiKeyAsync(existing.Id)).Unwrap().IsDeleted);
        Assert.True((await keys.ValidateApiKeyAsync(existing.HashedKey)).Unwrap().IsActive);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("not-a-configured-token")]
    public async Task Without_a_valid_token_every_call_is_unauthorized(string? token)
    {
        var existing = (await fixture.ApiKeys.CreateApiKeyAsync(new CreateApiKeyRequest { Name = "existing" })).Unwrap();
        using var stranger = fixture.BuildHost(new Dictionary<string, string?> { [TokenSetting] = token });
        var keys = stranger.Services.GetRequiredService<IApiKeyStore>();

        var validate = await keys.ValidateApiKeyAsync(existing.HashedKey);
        var create = await keys.CreateApiKeyAsync(new CreateApiKeyRequest { Name = "sneaked-in" });
        var health = await stranger.Services.GetRequiredService<IStorageStrategy>().GetStorageHealthAsync();

        Assert.Equal((false, ApiErrorCodes.Unauthorized), (validate.Success, validate.Code));
        Assert.Equal((false, ApiErrorCodes.Unauthorized), (create.Success, create.Code));
        Assert.Contains("bearer token", validate.Error);
        Assert.False(health.Postgres.Connected || health.Redis.Connected);
        Assert.Contains("bearer token", health.Postgres.Error);
    }
}
