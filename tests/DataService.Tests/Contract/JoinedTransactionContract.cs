using System.Net;
using DataService.Tests.Support;

namespace DataService.Tests.Contract;

// The typed write operations (keys, accounts, sessions, usage, account status) join a
// transaction named in the X-Transaction-Id header: what they write is invisible to others
// until commit, gone after rollback or timeout. Backends without transactions refuse the
// header and leave the operation undone.
public abstract class JoinedTransactionContract<TBackend>(TBackend backend) : IClassFixture<TBackend>
    where TBackend : ContractBackend
{
    private const string Header = "X-Transaction-Id";

    private SeedClient Api => backend.Client;

    [Fact]
    public async Task Commit_makes_every_joined_write_visible_at_once()
    {
        if (!backend.HasTransactions)
        {
            return;
        }

        var existing = await CreateKeyAsync("existing-key", null);
        var existingId = existing.GetProperty("id").GetString()!;
        Assert.Equal("existing-key", (await GetKeyAsync(existingId)).Data.GetProperty("name").GetString());
        var transaction = await BeginAsync();

        var writes = await WriteEverythingAsync(transaction, existingId);

        Assert.Equal(HttpStatusCode.NotFound, (await GetKeyAsync(writes.KeyId)).Status);
        Assert.Equal("existing-key", (await GetKeyAsync(existingId)).Data.GetProperty("name").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await Api.GetAsync("/api/v1/accounts/claude/{id}", $"/api/v1/accounts/claude/{writes.AccountId}")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await ValidateSessionAsync(writes.SessionToken)).Status);

        Assert.True((await Api.PostAsync("/api/v1/transactions/{transactionId}/commit", $"/api/v1/transactions/{transaction}/commit")).Success);

        Assert.Equal("joined-key", (await GetKeyAsync(writes.KeyId)).Data.GetProperty("name").GetString());
        Assert.Equal("renamed-in-transaction", (await GetKeyAsync(existingId)).Data.GetProperty("name").GetString());
        var account = await Api.GetAsync("/api/v1/accounts/claude/{id}", $"/api/v1/accounts/claude/{writes.AccountId}");
        Assert.Equal("rate_limited", account.Data.GetProperty("status").GetString());
        Assert.True((await ValidateSessionAsync(writes.SessionToken)).Data.GetProperty("isValid").GetBoolean());
        var usage = (await Api.GetAsync("/api/v1/apikeys/{id}/usage/summary", $"/api/v1/apikeys/{writes.KeyId}/usage/summary")).Data.GetProperty("total");
        Assert.Equal((2L, 450L), (usage.GetProperty("requests").GetInt64(), usage.GetProperty("totalTokens").GetInt64()));
    }

    [Fact]
    public async Task Rollback_leaves_none_of_the_joined_writes()
    {
        if (!backend.HasTransactions)
        {
            return;
        }

        var existingId = (await CreateKeyAsync("kept-name", null)).GetProperty("id").GetString()!;
        var transaction = await BeginAsync();
        var writes = await WriteEverythingAsync(transaction, existingId);

        Assert.True((await Api.PostAsync("/api/v1/transactions/{transactionId}/rollback", $"/api/v1/transactions/{transaction}/rollback")).Success);

        Assert.Equal(HttpStatusCode.NotFound, (await GetKeyAsync(writes.KeyId)).Status);
        Assert.Equal("kept-name", (await GetKeyAsync(existingId)).Data.GetProperty("name").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await Api.GetAsync("/api/v1/accounts/claude/{id}", $"/api/v1/accounts/claude/{writes.AccountId}")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await ValidateSessionAsync(writes.SessionToken)).Status);
        var usage = (await Api.GetAsync("/api/v1/apikeys/{id}/usage/summary", $"/api/v1/apikeys/{existingId}/usage/summary")).Data.GetProperty("total");
        Assert.Equal(0L, usage.GetProperty("requests").GetInt64());
    }

    [Fact]
    public async Task A_failed_operation_is_undone_alone_and_the_transaction_stays_usable()
    {
        if (!backend.HasTransactions)
        {
            return;
        }

        var transaction = await BeginAsync();
        var kept = (await CreateKeyAsync("kept-in-transaction", transaction)).GetProperty("id").GetString()!;
        var duplicate = await Api.PostAsync("/api/v1/apikeys", "/api/v1/apikeys", new { id = kept, name = "same-id" }, With(transaction));
        Assert.Equal((HttpStatusCode.Conflict, "DB_DUPLICATE_KEY"), (duplicate.Status, duplicate.Code));
        var invalid = await Api.PatchAsync("/api/v1/apikeys/{id}", $"/api/v1/apikeys/{kept}", new { tokenLimit = -1 }, With(transaction));
        Assert.Equal((HttpStatusCode.BadRequest, "tokenLimit"), (invalid.Status, invalid.Field));
        var after = await Api.PatchAsync("/api/v1/apikeys/{id}", $"/api/v1/apikeys/{kept}", new { name = "changed-after-failure" }, With(transaction));
        Assert.True(after.Success, after.Error);

        Assert.True((await Api.PostAsync("/api/v1/transactions/{transactionId}/commit", $"/api/v1/transactions/{transaction}/commit")).Success);

        Assert.Equal("changed-after-failure", (await GetKeyAsync(kept)).Data.GetProperty("name").GetString());
    }

    [Fact]
    public async Task A_transaction_past_its_timeout_is_rolled_back_and_its_id_refused()
    {
        if (!backend.HasTransactions)
        {
            return;
        }

        var transaction = await BeginAsync(timeoutMilliseconds: 3000);
        var key = (await CreateKeyAsync("timed-out", transaction)).GetProperty("id").GetString()!;

        // Joined writes go on succeeding (inside the transaction) until the timeout ends it.
        ApiResponse refused;
        var deadline = DateTimeOffset.UtcNow.AddSeconds(30);
        do
        {
            await Task.Delay(100);
            refused = await Api.PostAsync("/api/v1/apikeys", "/api/v1/apikeys", new { name = "too-late" }, With(transaction));
        }
        while (refused.Status == HttpStatusCode.Created && DateTimeOffset.UtcNow < deadline);

        Assert.Equal((HttpStatusCode.NotFound, "DB_RECORD_NOT_FOUND"), (refused.Status, refused.Code));
        Assert.Contains("timed out", refused.Error, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await GetKeyAsync(key)).Status);
        var commit = await Api.PostAsync("/api/v1/transactions/{transactionId}/commit", $"/api/v1/transactions/{transaction}/commit");
        Assert.Equal((HttpStatusCode.NotFound, "DB_RECORD_NOT_FOUND"), (commit.Status, commit.Code));
        var names = (await Api.GetAsync("/api/v1/apikeys", "/api/v1/apikeys?limit=100")).Data.GetProperty("keys").EnumerateArray().Select(listed => listed.GetProperty("name").GetString());
        Assert.DoesNotContain("too-late", names);
    }

    [Fact]
    public async Task An_unknown_transaction_id_is_refused_and_the_operation_not_run()
    {
        var refused = await Api.PostAsync("/api/v1/apikeys", "/api/v1/apikeys", new { name = "never-created" }, With("tx_00000000000000000000000000000000"));

        if (backend.HasTransactions)
        {
            Assert.Equal((HttpStatusCode.NotFound, "DB_RECORD_NOT_FOUND"), (refused.Status, refused.Code));
            Assert.Contains("is not open", refused.Error, StringComparison.Ordinal);
        }
        else
        {
            Assert.Equal((HttpStatusCode.BadRequest, "DB_INVALID_QUERY"), (refused.Status, refused.Code));
            Assert.Contains(backend.Mode == "redis" ? "no transactions" : "dual mode", refused.Error, StringComparison.Ordinal);
        }

        var names = (await Api.GetAsync("/api/v1/apikeys", "/api/v1/apikeys?limit=100")).Data.GetProperty("keys").EnumerateArray().Select(listed => listed.GetProperty("name").GetString());
        Assert.DoesNotContain("never-created", names);
        var usage = await Api.PostAsync("/api/v1/usage", "/api/v1/usage", new { apiKeyId = Guid.NewGuid(), model = "m", inputTokens = 1 }, With("tx_00000000000000000000000000000000"));
        Assert.Equal(backend.HasTransactions ? HttpStatusCode.NotFound : HttpStatusCode.BadRequest, usage.Status);
    }

    // In one transaction: a new key, a rename of an existing key, a new account and its
    // status, a session, and usage by both usage operations.
    private async Task<Writes> WriteEverythingAsync(string transaction, string existingKeyId)
    {
        var joined = With(transaction);
        var keyId = (await CreateKeyAsync("joined-key", transaction)).GetProperty("id").GetString()!;
        Assert.True((await Api.PatchAsync("/api/v1/apikeys/{id}", $"/api/v1/apikeys/{existingKeyId}", new { name = "renamed-in-transaction" }, joined)).Success);
        var account = await Api.PostAsync("/api/v1/accounts/claude", "/api/v1/accounts/claude", new
        {
            name = "joined-account",
            oauthData = new { accessToken = "sk-ant-oat01-tx", refreshToken = "sk-ant-ort01-tx", scopes = new[] { "user:inference" }, expiresAt = DateTimeOffset.UtcNow.AddHours(8) },
        }, joined);
        Assert.Equal(HttpStatusCode.Created, account.Status);
        var accountId = account.Data.GetProperty("id").GetString()!;
        Assert.True((await Api.PutAsync("/api/v1/accounts/claude/{id}/status", $"/api/v1/accounts/claude/{accountId}/status", new { status = "rate_limited" }, joined)).Success);
        var session = await Api.PostAsync("/api/v1/sessions", "/api/v1/sessions", new { userId = "tx-user", userType = "user", sessionData = new { } }, joined);
        Assert.Equal(HttpStatusCode.Created, session.Status);
        var usage = await Api.PostAsync("/api/v1/usage", "/api/v1/usage", new { apiKeyId = keyId, accountId, accountType = "claude", model = "m", inputTokens = 100, outputTokens = 50, totalTokens = 150, cost = 0.01, requestCount = 1 }, joined);
        Assert.True(usage.Success, usage.Error);
        var keyUsage = await Api.PostAsync("/api/v1/apikeys/{id}/usage", $"/api/v1/apikeys/{keyId}/usage", new { model = "m", inputTokens = 200, outputTokens = 100, cost = 0.02, requestCount = 1 }, joined);
        Assert.True(keyUsage.Success, keyUsage.Error);
        return new Writes(keyId, accountId, session.Data.GetProperty("sessionToken").GetString()!);
    }

    private async Task<string> BeginAsync(int? timeoutMilliseconds = null)
    {
        var begun = await Api.PostAsync("/api/v1/transactions", "/api/v1/transactions", new { isolationLevel = "READ_COMMITTED", timeout = timeoutMilliseconds ?? 30_000 });
        Assert.Equal(HttpStatusCode.Created, begun.Status);
        return begun.Data.GetProperty("transactionId").GetString()!;
    }

    private async Task<System.Text.Json.JsonElement> CreateKeyAsync(string name, string? transaction)
    {
        var created = await Api.PostAsync("/api/v1/apikeys", "/api/v1/apikeys", new { name }, transaction is null ? null : With(transaction));
        Assert.Equal(HttpStatusCode.Created, created.Status);
        return created.Data;
    }

    private Task<ApiResponse> GetKeyAsync(string id) => Api.GetAsync("/api/v1/apikeys/{id}", $"/api/v1/apikeys/{id}");

    private Task<ApiResponse> ValidateSessionAsync(string token) =>
        Api.GetAsync("/api/v1/sessions/current", "/api/v1/sessions/current", new Dictionary<string, string> { ["X-Session-Token"] = token });

    private static Dictionary<string, string> With(string transaction) => new() { [Header] = transaction };

    private sealed record Writes(string KeyId, string AccountId, string SessionToken);
}

public sealed class HybridJoinedTransactionTests(HybridContractBackend backend) : JoinedTransactionContract<HybridContractBackend>(backend);

public sealed class PostgresJoinedTransactionTests(PostgresContractBackend backend) : JoinedTransactionContract<PostgresContractBackend>(backend);

public sealed class RedisJoinedTransactionTests(RedisContractBackend backend) : JoinedTransactionContract<RedisContractBackend>(backend);

public sealed class DualJoinedTransactionTests(DualContractBackend backend) : JoinedTransactionContract<DualContractBackend>(backend);
