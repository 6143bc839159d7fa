using System.Text.Json;
using DataAccess.Accounts;
using DataAccess.ApiKeys;
using DataAccess.LegacyRedis.Mapping;
using DataAccess.Security;
using DataAccess.Sessions;
using Microsoft.Extensions.DependencyInjection;

namespace MigrationService.Tests.Backfill;

// Every migrated entity, read back through our stores, as the legacy relay had it.
public sealed class MigratedEntitiesTests(MigratedDatasetFixture fixture) : IClassFixture<MigratedDatasetFixture>
{
    private static readonly JsonSerializerOptions s_json = new(JsonSerializerDefaults.Web);

    private IServiceProvider Stores => fixture.Database.Stores(fixture.Dataset.Options.EncryptionKey, fixture.Dataset.Options.OffsetHours);

    [Fact]
    public async Task Every_api_key_is_migrated_with_every_field_soft_deleted_ones_included()
    {
        var store = Stores.GetRequiredService<IApiKeyStore>();
        foreach (var key in fixture.Dataset.ApiKeys)
        {
            var migrated = (await store.GetApiKeyAsync(key.Id)).Unwrap();
            var expected = LegacyApiKeyFields.ToModel(key.Id, key.Fields);

            // numeric(20, 10) gives 0.0000000000 back for 0: equal, but not in JSON.
            Assert.Equal(expected.Limits.DailyCostLimit, migrated.Limits.DailyCostLimit);
            migrated = migrated with { Limits = migrated.Limits with { DailyCostLimit = expected.Limits.DailyCostLimit } };
            Assert.Equal(JsonSerializer.Serialize(expected, s_json), JsonSerializer.Serialize(migrated, s_json));
        }

        Assert.Contains(fixture.Dataset.ApiKeys, key => key.Fields.GetValueOrDefault("isDeleted") == "true");
    }

    [Fact]
    public async Task Fields_without_a_column_are_kept_in_extra()
    {
        foreach (var key in fixture.Dataset.ApiKeys.Where(key => key.Fields.ContainsKey("rateLimitCost")))
        {
            var extra = JsonDocument.Parse(await fixture.Database.ScalarAsync<string>("SELECT extra::text FROM api_keys WHERE id = $1", key.Id)).RootElement;
            Assert.Equal(key.Fields["rateLimitCost"], extra.GetProperty("rateLimitCost").GetString());
            Assert.Equal(key.Fields["icon"], extra.GetProperty("icon").GetString());
        }

        var broken = fixture.Dataset.ApiKeys.Single(key => key.Fields.GetValueOrDefault("restrictedModels") == "[broken");
        var brokenExtra = JsonDocument.Parse(await fixture.Database.ScalarAsync<string>("SELECT extra::text FROM api_keys WHERE id = $1", broken.Id)).RootElement;
        Assert.Equal("[broken", brokenExtra.GetProperty("restrictedModels").GetString());
        Assert.Equal("yesterday", brokenExtra.GetProperty("lastUsedAt").GetString());

        var openAi = fixture.Dataset.Accounts.First(account => account.Platform == "openai");
        var accountExtra = JsonDocument.Parse(await fixture.Database.ScalarAsync<string>("SELECT extra::text FROM accounts WHERE id = $1", openAi.Id)).RootElement;
        Assert.Equal(openAi.Fields["chatgptUserId"], accountExtra.GetProperty("chatgptUserId").GetString());
        Assert.Equal(openAi.Fields["planType"], accountExtra.GetProperty("planType").GetString());
    }

    [Fact]
    public async Task Keys_authenticate_with_their_own_hash_and_hashes_from_before_a_regeneration_are_refused()
    {
        var store = Stores.GetRequiredService<IApiKeyStore>();
        var regenerated = fixture.Dataset.ApiKeys.Where(key => key.RetiredHashes.Count > 0).ToList();
        Assert.NotEmpty(regenerated);
        foreach (var key in regenerated)
        {
            Assert.Equal(key.Id, (await store.ValidateApiKeyAsync(key.Hash)).Unwrap().Id);
            foreach (var retired in key.RetiredHashes)
            {
                var validation = (await store.ValidateApiKeyAsync(retired)).Unwrap();
                Assert.Equal((key.Id, ApiKeyStatus.Retired, false), (validation.Id, validation.Status, validation.IsActive));
            }
        }

        var unmapped = fixture.Dataset.ApiKeys.Single(key => fixture.Dataset.Problems.Any(problem => problem.Kind == "MissingHashMapEntry" && problem.Key.EndsWith(key.Id.ToString())));
        Assert.Equal(unmapped.Id, (await store.ValidateApiKeyAsync(unmapped.Hash)).Unwrap().Id);
    }

    [Fact]
    public async Task Account_secrets_are_decrypted_by_family_and_readable_through_our_stores()
    {
        var claude = Stores.GetRequiredService<IClaudeAccountStore>();
        var openAi = Stores.GetRequiredService<IOpenAiAccountStore>();
        var protector = new AccountSecretProtector(new SecuritySettings(fixture.Dataset.Options.EncryptionKey));
        foreach (var account in fixture.Dataset.Accounts)
        {
            if (account.Platform == "claude")
            {
                Assert.Equal(account.Secrets["accessToken"], (await claude.GetAccessTokenAsync(account.Id)).Unwrap().AccessToken);
            }
            else if (account.Platform == "openai")
            {
                Assert.Equal(account.Secrets["accessToken"], (await openAi.GetAccessTokenAsync(account.Id)).Unwrap().AccessToken);
            }

            var stored = await fixture.Database.ScalarAsync<byte[]>("SELECT secrets FROM accounts WHERE id = $1", account.Id);
            var secrets = JsonSerializer.Deserialize<AccountSecrets>(protector.UnprotectString(stored, account.Id.ToString()), s_json)!;
            foreach (var (field, plaintext) in account.Secrets)
            {
                var migrated = field switch
                {
                    "accessToken" or "apiKey" => secrets.AccessToken,
                    "refreshToken" => secrets.RefreshToken,
                    "idToken" => secrets.IdToken,
                    "proxyPassword" => secrets.ProxyPassword,
                    _ => secrets.Other[field],
                };
                Assert.Equal(plaintext, migrated);
            }
        }
    }

    [Fact]
    public async Task Accounts_of_every_family_keep_their_platform_and_state()
    {
        foreach (var account in fixture.Dataset.Accounts)
        {
            Assert.Equal(account.Platform, await fixture.Database.ScalarAsync<string>("SELECT platform FROM accounts WHERE id = $1", account.Id));
            Assert.Equal(account.Fields["name"], await fixture.Database.ScalarAsync<string>("SELECT name FROM accounts WHERE id = $1", account.Id));
        }

        var limited = fixture.Dataset.Accounts.Single(account => account.Fields.GetValueOrDefault("rateLimitStatus") == "limited");
        var model = (await Stores.GetRequiredService<IClaudeAccountStore>().GetClaudeAccountAsync(limited.Id)).Unwrap();
        Assert.False(model.RateLimitStatus.IsRateLimited);
        Assert.Equal("proxy.example.com", model.Proxy?.Host);
        Assert.True(model.Proxy?.HasPassword);
    }

    // Switched off in the relay's UI, which leaves status "active": the relay never schedules
    // it, and every backend shows it as inactive.
    [Fact]
    public async Task An_account_switched_off_reads_inactive_and_is_not_available()
    {
        var claude = Stores.GetRequiredService<IClaudeAccountStore>();
        var disabled = fixture.Dataset.Accounts.Single(account => account.Platform == "claude" && account.Fields["isActive"] == "false");
        Assert.Equal("active", disabled.Fields["status"]);

        var model = (await claude.GetClaudeAccountAsync(disabled.Id)).Unwrap();

        Assert.Equal(("inactive", false), (model.Status, model.IsActive));
        Assert.DoesNotContain((await claude.GetAvailableAccountsAsync(new DataAccess.Accounts.AvailableAccountQuery())).Unwrap(), account => account.Id == disabled.Id);
    }

    [Fact]
    public async Task Admin_and_user_sessions_validate_by_their_token()
    {
        var sessions = Stores.GetRequiredService<ISessionStore>();
        foreach (var (token, user) in fixture.Dataset.AdminSessions)
        {
            var validation = (await sessions.ValidateSessionAsync(token)).Unwrap();
            Assert.Equal((user, "admin", true), (validation.UserId, validation.UserType, validation.IsValid));
        }

        foreach (var (token, user) in fixture.Dataset.UserSessions)
        {
            var validation = (await sessions.ValidateSessionAsync(token)).Unwrap();
            Assert.Equal((user, "user", true), (validation.UserId, validation.UserType, validation.IsValid));
        }

        Assert.Equal(0L, await fixture.Database.ScalarAsync<long>("SELECT count(*) FROM sessions WHERE data ? 'token'"));
    }

    [Fact]
    public async Task Groups_users_oauth_flows_sticky_mappings_and_settings_are_migrated()
    {
        Assert.Equal(fixture.Dataset.Groups.Count, await fixture.Database.ScalarAsync<long>("SELECT count(*) FROM account_groups"));
        // Two accounts and one that no longer exists: the legacy relay never removed members.
        Assert.Equal(3L, await fixture.Database.ScalarAsync<long>("SELECT count(*) FROM account_group_members WHERE group_id = $1", fixture.Dataset.Groups[0]));
        foreach (var user in fixture.Dataset.Users)
        {
            Assert.Equal(1L, await fixture.Database.ScalarAsync<long>("SELECT count(*) FROM users WHERE id = $1 AND data ? 'totalUsage'", user));
        }

        Assert.Equal(1L, await fixture.Database.ScalarAsync<long>("SELECT count(*) FROM oauth_sessions WHERE expires_at > now()"));
        Assert.Equal(6L, await fixture.Database.ScalarAsync<long>("SELECT count(DISTINCT scope) FROM sticky_sessions"));
        Assert.Equal(
            ["admin_credentials", "oem", "scheduling"],
            await ColumnAsync("SELECT key FROM settings ORDER BY key"));
    }

    private async Task<List<string>> ColumnAsync(string sql)
    {
        await using var command = fixture.Database.DataSource.CreateCommand(sql);
        var values = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            values.Add(reader.GetString(0));
        }

        return values;
    }
}
