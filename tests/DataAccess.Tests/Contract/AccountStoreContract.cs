using DataAccess.Accounts;

namespace DataAccess.Tests.Contract;

public abstract class AccountStoreContract<TFixture>(TFixture fixture) : IClassFixture<TFixture>
    where TFixture : BackendFixture
{
    protected TFixture Fixture { get; } = fixture;

    private IClaudeAccountStore Claude => Fixture.ClaudeAccounts;

    [Fact]
    public async Task Create_keeps_secrets_encrypted_and_reads_never_return_them()
    {
        var request = NewAccount() with
        {
            ProxyConfig = new ProxyConfig { Type = "socks5", Host = "proxy.local", Port = 1080, Username = "proxy-user", Password = "proxy-secret-password" },
        };

        var created = (await Claude.CreateClaudeAccountAsync(request)).Unwrap();
        var account = (await Claude.GetClaudeAccountAsync(created.Id)).Unwrap();

        Assert.Equal((created.Id, AccountStatus.Active, AccountPlatform.Claude), (account.Id, account.Status, account.Platform));
        Assert.Equal(new ProxySummary("socks5", "proxy.local", 1080, "proxy-user", true), account.Proxy);
        Assert.Equal(["user:inference", "user:profile"], account.Scopes);
        if (Fixture.Has(BackendCapabilities.PostgreSql))
        {
            var row = await Fixture.QueryScalarAsync<string>("SELECT row_to_json(accounts)::text FROM accounts WHERE id = $1", created.Id);
            Assert.DoesNotContain(request.OAuthData.AccessToken, row);
            Assert.DoesNotContain(request.OAuthData.RefreshToken!, row);
            Assert.DoesNotContain("proxy-secret-password", row);
        }

        Assert.Equal(request.OAuthData.AccessToken, (await Claude.GetAccessTokenAsync(created.Id)).Unwrap().AccessToken);
    }

    [Fact]
    public async Task Status_updates_drive_availability_and_rate_limits()
    {
        var first = (await Claude.CreateClaudeAccountAsync(NewAccount() with { Priority = 10 })).Unwrap().Id;
        var second = (await Claude.CreateClaudeAccountAsync(NewAccount() with { Priority = 20 })).Unwrap().Id;
        var broken = (await Claude.CreateClaudeAccountAsync(NewAccount() with { Priority = 5 })).Unwrap().Id;
        (await Claude.UpdateAccountStatusAsync(broken, AccountStatus.Error, new AccountStatusUpdate { ErrorMessage = "401 from upstream" })).EnsureSuccess();

        var reset = Fixture.Clock.GetUtcNow().AddMinutes(30);
        (await Claude.UpdateAccountStatusAsync(first, AccountStatus.RateLimited, new AccountStatusUpdate { RateLimitResetAt = reset })).EnsureSuccess();

        var limited = (await Claude.GetClaudeAccountAsync(first)).Unwrap();
        Assert.True(limited.RateLimitStatus.IsRateLimited);
        Assert.Equal(reset.ToUnixTimeMilliseconds(), limited.RateLimitStatus.ResetAt?.ToUnixTimeMilliseconds());
        var available = (await Claude.GetAvailableAccountsAsync(new AvailableAccountQuery())).Unwrap().Select(account => account.Id).ToList();
        Assert.Contains(second, available);
        Assert.DoesNotContain(first, available);
        Assert.DoesNotContain(broken, available);
        Assert.Equal("401 from upstream", (await Claude.GetClaudeAccountAsync(broken)).Unwrap().ErrorMessage);

        Fixture.Clock.Advance(TimeSpan.FromHours(1));
        try
        {
            var afterReset = (await Claude.GetAvailableAccountsAsync(new AvailableAccountQuery())).Unwrap().Select(account => account.Id).ToList();
            Assert.True(afterReset.IndexOf(first) >= 0 && afterReset.IndexOf(first) < afterReset.IndexOf(second), "the preferred account is first again once its limit ends");
        }
        finally
        {
            Fixture.Clock.Advance(TimeSpan.FromHours(-1));
        }

        (await Claude.UpdateAccountStatusAsync(first, AccountStatus.Active)).EnsureSuccess();
        Assert.False((await Claude.GetClaudeAccountAsync(first)).Unwrap().RateLimitStatus.IsRateLimited);
    }

    [Fact]
    public async Task Available_accounts_filter_by_remaining_tokens()
    {
        var plenty = (await Claude.CreateClaudeAccountAsync(NewAccount())).Unwrap().Id;
        var scarce = (await Claude.CreateClaudeAccountAsync(NewAccount())).Unwrap().Id;
        (await Claude.UpdateAccountStatusAsync(plenty, AccountStatus.Active, new AccountStatusUpdate { RateLimitRemaining = 50_000 })).EnsureSuccess();
        (await Claude.UpdateAccountStatusAsync(scarce, AccountStatus.Active, new AccountStatusUpdate { RateLimitRemaining = 10 })).EnsureSuccess();

        var ids = (await Claude.GetAvailableAccountsAsync(new AvailableAccountQuery { MinTokensRemaining = 1000 })).Unwrap().Select(account => account.Id).ToList();

        Assert.Contains(plenty, ids);
        Assert.DoesNotContain(scarce, ids);
    }

    [Fact]
    public async Task Refresh_exchanges_the_refresh_token_and_stores_the_new_tokens()
    {
        var created = (await Claude.CreateClaudeAccountAsync(NewAccount())).Unwrap();

        var refreshed = (await Claude.RefreshOAuthTokenAsync(created.Id)).Unwrap();

        Assert.StartsWith("sk-ant-oat01-refreshed-", refreshed.AccessToken);
        Assert.Equal(refreshed.AccessToken, (await Claude.GetAccessTokenAsync(created.Id)).Unwrap().AccessToken);
        var account = (await Claude.GetClaudeAccountAsync(created.Id)).Unwrap();
        Assert.NotNull(account.LastRefreshAt);
        Assert.Contains(Fixture.OAuth.Requests, request => request.GetProperty("grant_type").GetString() == "refresh_token");
    }

    [Fact]
    public async Task Concurrent_refreshes_of_one_account_call_the_token_endpoint_once()
    {
        var created = (await Claude.CreateClaudeAccountAsync(NewAccount())).Unwrap();
        var refreshToken = NewAccountRefreshToken(created.Id);
        Fixture.OAuth.Latency = TimeSpan.FromMilliseconds(300);
        try
        {
            var results = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => Claude.RefreshOAuthTokenAsync(created.Id)));

            Assert.All(results, result => Assert.True(result.Success, result.Error));
            Assert.Single(results.Select(result => result.Data!.AccessToken).Distinct());
            Assert.Single(Fixture.OAuth.Requests, request => request.GetProperty("refresh_token").GetString() == refreshToken);
        }
        finally
        {
            Fixture.OAuth.Latency = TimeSpan.FromMilliseconds(50);
        }
    }

    [Fact]
    public async Task A_refused_refresh_marks_the_account_as_failing()
    {
        var created = (await Claude.CreateClaudeAccountAsync(NewAccount())).Unwrap();
        Fixture.OAuth.Revoked[NewAccountRefreshToken(created.Id)] = true;

        var result = await Claude.RefreshOAuthTokenAsync(created.Id);

        Assert.False(result.Success);
        Assert.Contains("invalid_grant", result.Error);
        var account = (await Claude.GetClaudeAccountAsync(created.Id)).Unwrap();
        Assert.Equal(AccountStatus.Error, account.Status);
        Assert.Contains("invalid_grant", account.ErrorMessage);
    }

    [Fact]
    public async Task An_access_token_about_to_expire_is_refreshed_first()
    {
        var created = (await Claude.CreateClaudeAccountAsync(NewAccount() with
        {
            OAuthData = NewAccount().OAuthData with { ExpiresAt = Fixture.Clock.GetUtcNow().AddSeconds(30) },
        })).Unwrap();

        var token = (await Claude.GetAccessTokenAsync(created.Id)).Unwrap();

        Assert.StartsWith("sk-ant-oat01-refreshed-", token.AccessToken);
        Assert.True(token.ExpiresAt > Fixture.Clock.GetUtcNow().AddHours(1));
    }

    [Fact]
    public async Task A_token_whose_refresh_fails_is_handed_out_until_it_expires_and_not_after()
    {
        var expiresAt = Fixture.Clock.GetUtcNow().AddSeconds(30);
        var account = NewAccount();
        var request = account with { OAuthData = account.OAuthData with { ExpiresAt = expiresAt } };
        var created = (await Claude.CreateClaudeAccountAsync(request)).Unwrap();
        var refreshToken = NewAccountRefreshToken(created.Id);
        Fixture.OAuth.Unavailable[refreshToken] = true;

        var beforeExpiry = (await Claude.GetAccessTokenAsync(created.Id)).Unwrap();

        Assert.Equal(request.OAuthData.AccessToken, beforeExpiry.AccessToken);
        Assert.Equal(expiresAt.ToUnixTimeMilliseconds(), beforeExpiry.ExpiresAt?.ToUnixTimeMilliseconds());
        Assert.Contains(Fixture.OAuth.Requests, seen => seen.GetProperty("refresh_token").GetString() == refreshToken);
        Assert.Equal(AccountStatus.Active, (await Claude.GetClaudeAccountAsync(created.Id)).Unwrap().Status);

        Fixture.Clock.Advance(TimeSpan.FromMinutes(1));
        try
        {
            var afterExpiry = await Claude.GetAccessTokenAsync(created.Id);

            Assert.False(afterExpiry.Success);
            Assert.Equal(DatabaseErrorCode.ConnectionFailed, afterExpiry.Code);
            Assert.Contains("503", afterExpiry.Error);
        }
        finally
        {
            Fixture.Clock.Advance(TimeSpan.FromMinutes(-1));
        }
    }

    [Fact]
    public async Task OpenAi_accounts_live_apart_from_Claude_accounts()
    {
        var openAi = (await Fixture.OpenAiAccounts.CreateOpenAiAccountAsync(NewAccount() with
        {
            OAuthData = new OAuthCredentials { AccessToken = "openai-access", IdToken = "openai-id-token" },
        })).Unwrap();

        Assert.Equal(AccountPlatform.OpenAi, (await Fixture.OpenAiAccounts.GetOpenAiAccountAsync(openAi.Id)).Unwrap().Platform);
        Assert.Equal(DatabaseErrorCode.RecordNotFound, (await Claude.GetClaudeAccountAsync(openAi.Id)).Code);
        Assert.Equal("openai-access", (await Fixture.OpenAiAccounts.GetAccessTokenAsync(openAi.Id)).Unwrap().AccessToken);
        Assert.Contains(openAi.Id, (await Fixture.OpenAiAccounts.GetAvailableAccountsAsync(new AvailableAccountQuery())).Unwrap().Select(account => account.Id));
    }

    [Theory]
    [InlineData("name")]
    [InlineData("oauthData.accessToken")]
    [InlineData("priority")]
    [InlineData("proxyConfig.port")]
    [InlineData("accountType")]
    public async Task Bad_accounts_are_refused_and_name_the_field(string field)
    {
        var good = NewAccount();
        var request = field switch
        {
            "name" => good with { Name = " " },
            "oauthData.accessToken" => good with { OAuthData = new OAuthCredentials { AccessToken = "" } },
            "priority" => good with { Priority = 0 },
            "proxyConfig.port" => good with { ProxyConfig = new ProxyConfig { Type = "http", Host = "h", Port = 70000 } },
            _ => good with { AccountType = "everyone" },
        };

        var result = await Claude.CreateClaudeAccountAsync(request);

        Assert.Equal((DatabaseErrorCode.InvalidQuery, field), (result.Code, result.Field));
    }

    [Fact]
    public async Task Unknown_accounts_and_statuses_are_refused()
    {
        var created = (await Claude.CreateClaudeAccountAsync(NewAccount())).Unwrap();

        Assert.Equal(DatabaseErrorCode.RecordNotFound, (await Claude.GetClaudeAccountAsync(Guid.NewGuid())).Code);
        Assert.Equal(DatabaseErrorCode.RecordNotFound, (await Claude.UpdateAccountStatusAsync(Guid.NewGuid(), AccountStatus.Active)).Code);
        Assert.Equal(DatabaseErrorCode.RecordNotFound, (await Claude.RefreshOAuthTokenAsync(Guid.NewGuid())).Code);
        var badStatus = await Claude.UpdateAccountStatusAsync(created.Id, "exploded");
        Assert.Equal((DatabaseErrorCode.InvalidQuery, "status"), (badStatus.Code, badStatus.Field));
    }

    [Fact]
    public async Task Account_usage_totals_come_from_recorded_usage()
    {
        var account = (await Claude.CreateClaudeAccountAsync(NewAccount())).Unwrap().Id;
        var key = (await Fixture.ApiKeys.CreateApiKeyAsync(new DataAccess.ApiKeys.CreateApiKeyRequest { Name = "k" })).Unwrap().Id;
        (await Fixture.Usage.RecordUsageAsync(new DataAccess.Usage.UsageRecord { ApiKeyId = key, AccountId = account, Model = "m", InputTokens = 40, OutputTokens = 2, Cost = 0.2m })).EnsureSuccess();
        await Fixture.FlushUsageAsync();

        Assert.Equal(new AccountUsageStats(1, 42, 0.2m), (await Claude.GetClaudeAccountAsync(account)).Unwrap().UsageStats);
    }

    private static string NewAccountRefreshToken(Guid accountId) => $"sk-ant-ort01-{accountId:N}";

    private static CreateAccountRequest NewAccount()
    {
        var id = Guid.NewGuid();
        return new CreateAccountRequest
        {
            Id = id,
            Name = "claude-account",
            OAuthData = new OAuthCredentials
            {
                AccessToken = $"sk-ant-oat01-{Guid.NewGuid():N}",
                RefreshToken = NewAccountRefreshToken(id),
                Scopes = ["user:inference", "user:profile"],
                ExpiresAt = DateTimeOffset.UtcNow.AddHours(8),
            },
        };
    }
}

public sealed class PostgresAccountStoreTests(PostgresBackendFixture fixture) : AccountStoreContract<PostgresBackendFixture>(fixture);

public sealed class HybridAccountStoreTests(HybridBackendFixture fixture) : AccountStoreContract<HybridBackendFixture>(fixture);
