using DataAccess.ApiKeys;
using DataAccess.Security;
using DataAccess.Usage;
using Microsoft.Extensions.DependencyInjection;

namespace DataAccess.Tests.Contract;

public abstract class ApiKeyStoreContract<TFixture>(TFixture fixture) : IClassFixture<TFixture>
    where TFixture : BackendFixture
{
    protected TFixture Fixture { get; } = fixture;

    private IApiKeyStore Keys => Fixture.ApiKeys;

    [Fact]
    public async Task Create_returns_the_plain_key_once_and_stores_only_its_legacy_hash()
    {
        var created = (await Keys.CreateApiKeyAsync(new CreateApiKeyRequest { Name = "alpha" })).Unwrap();

        Assert.Matches("^cr_[0-9a-f]{64}$", created.ApiKey);
        Assert.Equal(Fixture.Services.GetRequiredService<ApiKeyHasher>().Hash(created.ApiKey), created.HashedKey);
        if (Fixture.Has(BackendCapabilities.PostgreSql))
        {
            Assert.Equal(0L, await Fixture.QueryScalarAsync<long>("SELECT count(*) FROM api_keys WHERE row_to_json(api_keys)::text LIKE '%' || $1 || '%'", created.ApiKey[3..]));
        }

        var validation = (await Keys.ValidateApiKeyAsync(created.HashedKey)).Unwrap();
        Assert.Equal(created.Id, validation.Id);
        Assert.True(validation.IsActive);
        Assert.Equal(ApiKeyStatus.Active, validation.Status);
    }

    [Fact]
    public async Task Every_legacy_field_round_trips()
    {
        var expires = Fixture.Clock.GetUtcNow().AddDays(30);
        var request = new CreateApiKeyRequest
        {
            Name = "full",
            Description = "all the fields",
            Limits = new ApiKeyLimits { TokenLimit = 1_000_000, ConcurrencyLimit = 3, RateLimitWindowMinutes = 60, RateLimitRequests = 100, DailyCostLimit = 12.5m },
            Permissions = ApiKeyPermissions.Claude,
            Restrictions = new ApiKeyRestrictions
            {
                EnableModelRestriction = true,
                RestrictedModels = ["claude-opus-4-20250514"],
                EnableClientRestriction = true,
                AllowedClients = ["claude_code"],
            },
            Tags = ["team-a", "prod"],
            AccountBindings = new AccountBindings { ClaudeAccountId = "group:8c1b3f0e-0000-4000-8000-000000000001", OpenAiAccountId = Guid.NewGuid().ToString() },
            ExpiresAt = expires,
            CreatedBy = "user",
            UserId = "0123456789abcdef0123456789abcdef",
            UserUsername = "alice",
        };

        var created = (await Keys.CreateApiKeyAsync(request)).Unwrap();
        var key = (await Keys.GetApiKeyAsync(created.Id)).Unwrap();
        var validation = (await Keys.ValidateApiKeyAsync(created.HashedKey)).Unwrap();

        Assert.Equal("all the fields", key.Description);
        Assert.Equal(request.Limits, key.Limits);
        Assert.Equal(ApiKeyPermissions.Claude, key.Permissions);
        Assert.Equal(request.Restrictions.RestrictedModels, key.Restrictions.RestrictedModels);
        Assert.Equal(request.Restrictions.AllowedClients, key.Restrictions.AllowedClients);
        Assert.True(key.Restrictions.EnableModelRestriction && key.Restrictions.EnableClientRestriction);
        Assert.Equal(request.Tags, key.Tags);
        Assert.Equal(request.AccountBindings, key.AccountBindings);
        Assert.Equal(expires.ToUnixTimeMilliseconds(), key.ExpiresAt!.Value.ToUnixTimeMilliseconds());
        Assert.Equal(("user", "0123456789abcdef0123456789abcdef", "alice"), (key.CreatedBy, key.UserId, key.UserUsername));
        Assert.Equal(new RateLimits(3, 12.5m, 100), validation.RateLimits);
        Assert.Equal(request.AccountBindings, validation.AccountBindings);
    }

    [Fact]
    public async Task Sql_looking_text_is_stored_verbatim()
    {
        const string name = "x'); DROP TABLE api_keys; --";

        var created = (await Keys.CreateApiKeyAsync(new CreateApiKeyRequest { Name = name, Tags = ["' OR '1'='1"] })).Unwrap();

        var key = (await Keys.GetApiKeyAsync(created.Id)).Unwrap();
        Assert.Equal(name, key.Name);
        Assert.Equal(["' OR '1'='1"], key.Tags);
        if (Fixture.Has(BackendCapabilities.PostgreSql))
        {
            Assert.True(await Fixture.QueryScalarAsync<long>("SELECT count(*) FROM api_keys") >= 1);
        }
    }

    [Theory]
    [InlineData("name", "")]
    [InlineData("limits.concurrencyLimit", "negative-concurrency")]
    [InlineData("limits.dailyCostLimit", "negative-cost")]
    [InlineData("permissions", "bad-permissions")]
    [InlineData("expiresAt", "past-expiry")]
    [InlineData("tags", "too-many-tags")]
    public async Task Bad_input_is_refused_and_names_the_field(string field, string problem)
    {
        var request = problem switch
        {
            "negative-concurrency" => new CreateApiKeyRequest { Name = "n", Limits = new ApiKeyLimits { ConcurrencyLimit = -1 } },
            "negative-cost" => new CreateApiKeyRequest { Name = "n", Limits = new ApiKeyLimits { DailyCostLimit = -0.01m } },
            "bad-permissions" => new CreateApiKeyRequest { Name = "n", Permissions = "root" },
            "past-expiry" => new CreateApiKeyRequest { Name = "n", ExpiresAt = Fixture.Clock.GetUtcNow().AddMinutes(-1) },
            "too-many-tags" => new CreateApiKeyRequest { Name = "n", Tags = [.. Enumerable.Range(0, 51).Select(i => $"t{i}")] },
            _ => new CreateApiKeyRequest { Name = problem },
        };

        var result = await Keys.CreateApiKeyAsync(request);

        Assert.False(result.Success);
        Assert.Equal(DatabaseErrorCode.InvalidQuery, result.Code);
        Assert.Equal(field, result.Field);
    }

    [Fact]
    public async Task A_duplicate_id_is_a_duplicate_key()
    {
        var id = Guid.NewGuid();
        (await Keys.CreateApiKeyAsync(new CreateApiKeyRequest { Id = id, Name = "first" })).Unwrap();

        var second = await Keys.CreateApiKeyAsync(new CreateApiKeyRequest { Id = id, Name = "second" });

        Assert.Equal(DatabaseErrorCode.DuplicateKey, second.Code);
    }

    [Fact]
    public async Task Unknown_keys_and_hashes_are_not_found()
    {
        Assert.Equal(DatabaseErrorCode.RecordNotFound, (await Keys.GetApiKeyAsync(Guid.NewGuid())).Code);
        Assert.Equal(DatabaseErrorCode.RecordNotFound, (await Keys.ValidateApiKeyAsync(new string('a', 64))).Code);
        Assert.Equal(DatabaseErrorCode.RecordNotFound, (await Keys.UpdateApiKeyAsync(Guid.NewGuid(), new ApiKeyUpdate { Name = "x" })).Code);
        Assert.Equal(DatabaseErrorCode.RecordNotFound, (await Keys.DeleteApiKeyAsync(Guid.NewGuid())).Code);
        var malformed = await Keys.ValidateApiKeyAsync("not-a-hash");
        Assert.Equal((DatabaseErrorCode.InvalidQuery, "hashedKey"), (malformed.Code, malformed.Field));
    }

    [Fact]
    public async Task A_partial_update_changes_only_what_it_sets()
    {
        var created = (await Keys.CreateApiKeyAsync(new CreateApiKeyRequest
        {
            Name = "before",
            Description = "kept",
            Tags = ["kept"],
            ExpiresAt = Fixture.Clock.GetUtcNow().AddDays(1),
        })).Unwrap();

        var updated = (await Keys.UpdateApiKeyAsync(created.Id, new ApiKeyUpdate { Name = "after", ExpiresAt = (DateTimeOffset?)null })).Unwrap();

        Assert.Equal("after", updated.Name);
        Assert.Equal("kept", updated.Description);
        Assert.Equal(["kept"], updated.Tags);
        Assert.Null(updated.ExpiresAt);
        Assert.NotNull(updated.UpdatedAt);
        Assert.Equal("after", (await Keys.GetApiKeyAsync(created.Id)).Unwrap().Name);
    }

    [Fact]
    public async Task Disabling_a_key_is_seen_by_validation_at_once()
    {
        var created = (await Keys.CreateApiKeyAsync(new CreateApiKeyRequest { Name = "to-disable" })).Unwrap();
        Assert.True((await Keys.ValidateApiKeyAsync(created.HashedKey)).Unwrap().IsActive);

        (await Keys.UpdateApiKeyAsync(created.Id, new ApiKeyUpdate { IsActive = false })).Unwrap();

        var validation = (await Keys.ValidateApiKeyAsync(created.HashedKey)).Unwrap();
        Assert.False(validation.IsActive);
        Assert.Equal(ApiKeyStatus.Disabled, validation.Status);
    }

    // The legacy relay's rule for keys of its web users (layout §5.10), which migrated keys keep.
    [Fact]
    public async Task A_key_of_a_web_user_admits_requests_only_while_the_user_exists_and_is_active()
    {
        var stranger = await CreateOwnedKeyAsync($"{Guid.NewGuid():N}");
        var validation = (await Keys.ValidateApiKeyAsync(stranger.HashedKey)).Unwrap();
        Assert.Equal((ApiKeyStatus.OwnerDisabled, false), (validation.Status, validation.IsActive));

        var active = $"{Guid.NewGuid():N}";
        var disabled = $"{Guid.NewGuid():N}";
        await Fixture.AddWebUserAsync(active, isActive: true);
        await Fixture.AddWebUserAsync(disabled, isActive: false);
        Assert.Equal(ApiKeyStatus.Active, (await Keys.ValidateApiKeyAsync((await CreateOwnedKeyAsync(active)).HashedKey)).Unwrap().Status);
        Assert.Equal(ApiKeyStatus.OwnerDisabled, (await Keys.ValidateApiKeyAsync((await CreateOwnedKeyAsync(disabled)).HashedKey)).Unwrap().Status);
    }

    [Fact]
    public async Task A_deleted_key_stops_validating_and_cannot_be_deleted_twice()
    {
        var created = (await Keys.CreateApiKeyAsync(new CreateApiKeyRequest { Name = "to-delete" })).Unwrap();
        Assert.True((await Keys.ValidateApiKeyAsync(created.HashedKey)).Unwrap().IsActive);

        (await Keys.DeleteApiKeyAsync(created.Id)).EnsureSuccess();

        var validation = (await Keys.ValidateApiKeyAsync(created.HashedKey)).Unwrap();
        Assert.Equal((false, ApiKeyStatus.Deleted), (validation.IsActive, validation.Status));
        Assert.True((await Keys.GetApiKeyAsync(created.Id)).Unwrap().IsDeleted);
        Assert.Equal(DatabaseErrorCode.RecordNotFound, (await Keys.DeleteApiKeyAsync(created.Id)).Code);
        Assert.Equal(DatabaseErrorCode.RecordNotFound, (await Keys.UpdateApiKeyAsync(created.Id, new ApiKeyUpdate { Name = "zombie" })).Code);
    }

    [Fact]
    public async Task An_expired_key_validates_as_expired()
    {
        var created = (await Keys.CreateApiKeyAsync(new CreateApiKeyRequest { Name = "short-lived", ExpiresAt = Fixture.Clock.GetUtcNow().AddHours(1) })).Unwrap();
        Assert.True((await Keys.ValidateApiKeyAsync(created.HashedKey)).Unwrap().IsActive);

        Fixture.Clock.Advance(TimeSpan.FromHours(2));
        try
        {
            var validation = (await Keys.ValidateApiKeyAsync(created.HashedKey)).Unwrap();
            Assert.Equal((false, ApiKeyStatus.Expired), (validation.IsActive, validation.Status));
        }
        finally
        {
            Fixture.Clock.Advance(TimeSpan.FromHours(-2));
        }
    }

    [Fact]
    public async Task Listing_filters_pages_and_sorts()
    {
        var tag = $"list-{Guid.NewGuid():N}";
        var names = new[] { "c-key", "a-key", "b-key", "d-key", "e-key" };
        foreach (var name in names)
        {
            (await Keys.CreateApiKeyAsync(new CreateApiKeyRequest { Name = name, Tags = [tag], Permissions = name == "d-key" ? "openai" : "all" })).Unwrap();
        }

        var disabled = (await Keys.CreateApiKeyAsync(new CreateApiKeyRequest { Name = "f-key", Tags = [tag], IsActive = false })).Unwrap();

        var page1 = (await Keys.GetAllApiKeysAsync(new ApiKeyQuery { Tags = [tag], IsActive = true, Limit = 2, SortBy = "name", SortOrder = SortOrder.Asc })).Unwrap();
        var page3 = (await Keys.GetAllApiKeysAsync(new ApiKeyQuery { Tags = [tag], IsActive = true, Limit = 2, Offset = 4, SortBy = "name", SortOrder = SortOrder.Asc })).Unwrap();
        var openAi = (await Keys.GetAllApiKeysAsync(new ApiKeyQuery { Tags = [tag], Permissions = "openai" })).Unwrap();
        var inactive = (await Keys.GetAllApiKeysAsync(new ApiKeyQuery { Tags = [tag], IsActive = false })).Unwrap();

        Assert.Equal(["a-key", "b-key"], page1.Keys.Select(key => key.Name));
        Assert.Equal((5L, 1, 3), (page1.Total, page1.Page, page1.TotalPages));
        Assert.Equal(["e-key"], page3.Keys.Select(key => key.Name));
        Assert.Equal(3, page3.Page);
        Assert.Equal(["d-key"], openAi.Keys.Select(key => key.Name));
        Assert.Equal([disabled.Id], inactive.Keys.Select(key => key.Id));
    }

    [Fact]
    public async Task Deleted_keys_are_listed_only_on_request()
    {
        var tag = $"deleted-{Guid.NewGuid():N}";
        var created = (await Keys.CreateApiKeyAsync(new CreateApiKeyRequest { Name = "gone", Tags = [tag] })).Unwrap();
        (await Keys.DeleteApiKeyAsync(created.Id)).EnsureSuccess();

        Assert.Empty((await Keys.GetAllApiKeysAsync(new ApiKeyQuery { Tags = [tag] })).Unwrap().Keys);
        Assert.Single((await Keys.GetAllApiKeysAsync(new ApiKeyQuery { Tags = [tag], IncludeDeleted = true })).Unwrap().Keys);
    }

    [Theory]
    [InlineData(0, 0, "createdAt", "limit")]
    [InlineData(1001, 0, "createdAt", "limit")]
    [InlineData(10, -1, "createdAt", "offset")]
    [InlineData(10, 0, "key_hash", "sortBy")]
    [InlineData(10, 0, "name; DROP TABLE api_keys", "sortBy")]
    public async Task Absurd_listing_parameters_are_refused(int limit, int offset, string sortBy, string field)
    {
        var result = await Keys.GetAllApiKeysAsync(new ApiKeyQuery { Limit = limit, Offset = offset, SortBy = sortBy });

        Assert.Equal((DatabaseErrorCode.InvalidQuery, field), (result.Code, result.Field));
    }

    [Fact]
    public async Task Recorded_key_usage_shows_in_the_key_summary()
    {
        var created = (await Keys.CreateApiKeyAsync(new CreateApiKeyRequest { Name = "busy" })).Unwrap();

        (await Keys.RecordApiKeyUsageAsync(created.Id, new ApiKeyUsage { Model = "claude-sonnet-4-20250514", InputTokens = 100, OutputTokens = 50, Cost = 0.0015m })).EnsureSuccess();
        await Fixture.FlushUsageAsync();

        var summary = (await Fixture.Usage.GetKeyUsageSummaryAsync(created.Id)).Unwrap();
        Assert.Equal((1L, 150L, 0.0015m), (summary.Total.Requests, summary.Total.TotalTokens, summary.Total.Cost));
        Assert.Equal(1L, summary.Daily.Requests);
        Assert.Equal(DatabaseErrorCode.RecordNotFound, (await Keys.RecordApiKeyUsageAsync(Guid.NewGuid(), new ApiKeyUsage { Model = "m" })).Code);
    }

    // The gateway's starting point for a total token limit: all four token counts of the
    // key's lifetime, read for keys with a token limit only.
    [Fact]
    public async Task Validation_carries_the_lifetime_tokens_of_a_key_with_a_token_limit()
    {
        var limited = (await Keys.CreateApiKeyAsync(new CreateApiKeyRequest { Name = "limited", Limits = new ApiKeyLimits { TokenLimit = 1000 } })).Unwrap();
        var unlimited = (await Keys.CreateApiKeyAsync(new CreateApiKeyRequest { Name = "unlimited" })).Unwrap();
        foreach (var key in new[] { limited, unlimited })
        {
            (await Keys.RecordApiKeyUsageAsync(key.Id, new ApiKeyUsage { Model = "claude-sonnet-4-20250514", InputTokens = 100, OutputTokens = 50, CacheCreateTokens = 10, CacheReadTokens = 5 })).EnsureSuccess();
        }

        await Fixture.FlushUsageAsync();

        Assert.Equal(165L, (await Keys.ValidateApiKeyAsync(limited.HashedKey)).Unwrap().TotalTokens);
        Assert.Equal(0L, (await Keys.ValidateApiKeyAsync(unlimited.HashedKey)).Unwrap().TotalTokens);
    }

    private async Task<CreatedApiKey> CreateOwnedKeyAsync(string userId) =>
        (await Keys.CreateApiKeyAsync(new CreateApiKeyRequest { Name = "owned", CreatedBy = "user", UserId = userId })).Unwrap();
}

public sealed class PostgresApiKeyStoreTests(PostgresBackendFixture fixture) : ApiKeyStoreContract<PostgresBackendFixture>(fixture);

public sealed class HybridApiKeyStoreTests(HybridBackendFixture fixture) : ApiKeyStoreContract<HybridBackendFixture>(fixture);
