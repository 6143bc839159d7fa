using DataAccess.ApiKeys;
using DataAccess.LegacyRedis.Layout;
using DataAccess.Redis;
using DataAccess.Tests.Contract;

namespace DataAccess.Tests.LegacyRedis;

public sealed class ApiKeyLayoutTests(LegacyRedisBackendFixture fixture) : LegacyLayoutTest(fixture)
{
    // Every field generateApiKey writes (layout §5.1), and nothing else.
    private static readonly string[] s_creationFields =
    [
        "id", "name", "description", "apiKey", "tokenLimit", "concurrencyLimit", "rateLimitWindow", "rateLimitRequests", "isActive",
        "claudeAccountId", "claudeConsoleAccountId", "geminiAccountId", "openaiAccountId", "bedrockAccountId", "permissions",
        "enableModelRestriction", "restrictedModels", "enableClientRestriction", "allowedClients", "dailyCostLimit", "tags",
        "createdAt", "lastUsedAt", "expiresAt", "createdBy", "userId", "userUsername",
    ];

    private IApiKeyStore Keys => Fixture.ApiKeys;

    [Fact]
    public async Task A_created_key_is_one_complete_hash_and_its_hash_map_entry()
    {
        var created = (await Keys.CreateApiKeyAsync(new CreateApiKeyRequest
        {
            Name = "layout",
            Limits = new ApiKeyLimits { TokenLimit = 1000, DailyCostLimit = 1.5m },
            Tags = ["a", "b"],
        })).Unwrap();
        var key = LegacyKeys.ApiKey(created.Id.ToString());

        var fields = await FieldsAsync(key);

        Assert.Equal([key, LegacyKeys.ApiKeyHashMap], await KeysAsync());
        Assert.Equal(s_creationFields.Order(StringComparer.Ordinal), fields.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(created.Id.ToString(), fields["id"]);
        Assert.Equal(created.HashedKey, fields["apiKey"]);
        Assert.Equal(("1000", "0", "0", "0", "1.5"), (fields["tokenLimit"], fields["concurrencyLimit"], fields["rateLimitWindow"], fields["rateLimitRequests"], fields["dailyCostLimit"]));
        Assert.Equal(("true", "all", "false", "[]", "[\"a\",\"b\"]"), (fields["isActive"], fields["permissions"], fields["enableModelRestriction"], fields["restrictedModels"], fields["tags"]));
        Assert.Equal(("", "", ""), (fields["lastUsedAt"], fields["expiresAt"], fields["claudeAccountId"]));
        Assert.Matches(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$", fields["createdAt"]);
        Assert.Equal(created.Id.ToString(), (string?)await Redis.HashGetAsync(LegacyKeys.ApiKeyHashMap, created.HashedKey));
        await AssertTtlAsync(key, LegacyTtls.ApiKey);
        await AssertNoTtlAsync(LegacyKeys.ApiKeyHashMap);
    }

    [Fact]
    public async Task An_update_rewrites_only_its_fields_and_rearms_the_ttl()
    {
        var created = (await Keys.CreateApiKeyAsync(new CreateApiKeyRequest { Name = "before" })).Unwrap();
        var key = LegacyKeys.ApiKey(created.Id.ToString());
        await Redis.HashSetAsync(key, "lastUsedAt", "2025-08-18T15:59:59.999Z");
        await Redis.HashSetAsync(key, "icon", "kept-unknown-field");
        await Redis.KeyExpireAsync(key, TimeSpan.FromSeconds(100));
        var before = await FieldsAsync(key);

        (await Keys.UpdateApiKeyAsync(created.Id, new ApiKeyUpdate { Name = "after", Tags = new Optional<IReadOnlyList<string>>(["x"]) })).Unwrap();

        var after = await FieldsAsync(key);
        Assert.Equal(("after", "[\"x\"]"), (after["name"], after["tags"]));
        Assert.Matches(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$", after["updatedAt"]);
        Assert.Equal(["name", "tags", "updatedAt"], after.Where(field => before.GetValueOrDefault(field.Key) != field.Value).Select(field => field.Key).Order(StringComparer.Ordinal));
        await AssertTtlAsync(key, LegacyTtls.ApiKey);
    }

    [Fact]
    public async Task Deleting_marks_the_key_deleted_and_takes_its_hash_out_of_the_hash_map()
    {
        var created = (await Keys.CreateApiKeyAsync(new CreateApiKeyRequest { Name = "doomed" })).Unwrap();

        (await Keys.DeleteApiKeyAsync(created.Id)).EnsureSuccess();

        var fields = await FieldsAsync(LegacyKeys.ApiKey(created.Id.ToString()));
        Assert.Equal(("true", "false", "system"), (fields["isDeleted"], fields["isActive"], fields["deletedByType"]));
        Assert.True((await Redis.HashGetAsync(LegacyKeys.ApiKeyHashMap, created.HashedKey)).IsNull);
        Assert.Equal(created.Id.ToString(), (string?)await Redis.HashGetAsync(Crs2Keys.RetiredApiKeyHashes, created.HashedKey));
        Assert.Null(await Adapter.FindApiKeyByHashAsync(created.HashedKey));
        Assert.Equal(ApiKeyStatus.Deleted, (await Keys.ValidateApiKeyAsync(created.HashedKey)).Unwrap().Status);
    }

    [Fact]
    public async Task Rotating_a_hash_through_the_adapter_retires_the_old_one()
    {
        var created = (await Keys.CreateApiKeyAsync(new CreateApiKeyRequest { Name = "rotated" })).Unwrap();
        var newHash = new string('b', 64);

        await Adapter.SetApiKeyAsync(created.Id.ToString(), new Dictionary<string, string> { ["apiKey"] = newHash }, newHash);

        Assert.True((await Redis.HashGetAsync(LegacyKeys.ApiKeyHashMap, created.HashedKey)).IsNull);
        Assert.Equal(created.Id.ToString(), (string?)await Redis.HashGetAsync(LegacyKeys.ApiKeyHashMap, newHash));
        Assert.Equal(ApiKeyStatus.Retired, (await Keys.ValidateApiKeyAsync(created.HashedKey)).Unwrap().Status);
        Assert.Equal(ApiKeyStatus.Active, (await Keys.ValidateApiKeyAsync(newHash)).Unwrap().Status);
    }

    [Fact]
    public async Task A_hash_the_relay_rotated_but_left_in_the_map_is_refused_as_retired()
    {
        var created = (await Keys.CreateApiKeyAsync(new CreateApiKeyRequest { Name = "rotated-upstream" })).Unwrap();
        await Redis.HashSetAsync(LegacyKeys.ApiKey(created.Id.ToString()), "apiKey", new string('c', 64));

        var validation = (await Keys.ValidateApiKeyAsync(created.HashedKey)).Unwrap();

        Assert.Equal((false, ApiKeyStatus.Retired), (validation.IsActive, validation.Status));
    }

    [Fact]
    public async Task A_hard_delete_removes_the_hash_and_its_map_entry()
    {
        var created = (await Keys.CreateApiKeyAsync(new CreateApiKeyRequest { Name = "gone" })).Unwrap();

        Assert.Equal(1L, await Adapter.DeleteApiKeyAsync(created.Id.ToString()));

        Assert.Empty(await KeysAsync());
    }

    [Fact]
    public async Task A_map_entry_whose_key_is_gone_is_removed_on_lookup()
    {
        await Redis.HashSetAsync(LegacyKeys.ApiKeyHashMap, new string('d', 64), Guid.NewGuid().ToString());

        Assert.Null(await Adapter.FindApiKeyByHashAsync(new string('d', 64)));

        Assert.Equal(0L, await Redis.HashLengthAsync(LegacyKeys.ApiKeyHashMap));
    }

    [Fact]
    public async Task Keys_of_a_missing_or_disabled_web_user_validate_as_owner_disabled()
    {
        var active = (await Keys.CreateApiKeyAsync(new CreateApiKeyRequest { Name = "owned", UserId = "0123456789abcdef0123456789abcdef" })).Unwrap();

        Assert.Equal(ApiKeyStatus.OwnerDisabled, (await Keys.ValidateApiKeyAsync(active.HashedKey)).Unwrap().Status);
        await Redis.StringSetAsync(LegacyKeys.User("0123456789abcdef0123456789abcdef"), """{"id":"0123456789abcdef0123456789abcdef","isActive":true}""");
        Assert.Equal(ApiKeyStatus.Active, (await Keys.ValidateApiKeyAsync(active.HashedKey)).Unwrap().Status);
        await Redis.StringSetAsync(LegacyKeys.User("0123456789abcdef0123456789abcdef"), """{"id":"0123456789abcdef0123456789abcdef","isActive":false}""");
        Assert.Equal(ApiKeyStatus.OwnerDisabled, (await Keys.ValidateApiKeyAsync(active.HashedKey)).Unwrap().Status);
    }
}
