using System.Text.Json;
using DataAccess.ApiKeys;
using DataAccess.Sessions;
using DataAccess.Transactions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Npgsql;

namespace DataAccess.Tests.Contract;

// Batches touch alert_rules (create, update, delete allowed) and api_keys (update, delete)
// rows that each test makes for itself. Every transaction a test begins is rolled back
// after it, so a failing test cannot use up the fixture's few open-transaction slots.
public abstract class TransactionContract<TFixture>(TFixture fixture) : IClassFixture<TFixture>, IAsyncLifetime
    where TFixture : BackendFixture
{
    private readonly List<string> _begun = [];

    protected TFixture Fixture { get; } = fixture;

    private ITransactionManager Transactions => Fixture.Transactions;

    private int MaxOpenTransactions => Fixture.Services.GetRequiredService<IOptions<TransactionSettings>>().Value.MaxOpenTransactions;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var transactionId in _begun)
        {
            await Transactions.RollbackTransactionAsync(transactionId);
        }
    }

    [Fact]
    public async Task Changes_made_in_a_transaction_are_seen_only_once_it_commits()
    {
        var key = await NewKeyAsync("before");
        var rule = Guid.NewGuid();
        var transaction = await BeginAsync();

        var batch = (await Transactions.BatchOperationAsync([CreateRule(rule), UpdateKey(key.Id, ("name", "after"))], transactionId: transaction.TransactionId)).Unwrap();

        Assert.Equal([(BatchOperationType.Create, "alert_rules", 1), (BatchOperationType.Update, "api_keys", 1)],
            batch.Results.Select(result => (result.Type, result.Table, result.AffectedRows)));
        Assert.Equal(0L, await RuleCountAsync(rule));
        Assert.Equal("before", await KeyNameAsync(key.Id));

        (await Transactions.CommitTransactionAsync(transaction.TransactionId)).EnsureSuccess();

        Assert.Equal(1L, await RuleCountAsync(rule));
        Assert.Equal("after", (await Fixture.ApiKeys.GetApiKeyAsync(key.Id)).Unwrap().Name);
    }

    [Fact]
    public async Task Rolling_back_discards_every_change_of_the_transaction()
    {
        var key = await NewKeyAsync("kept");
        var rule = Guid.NewGuid();
        var transaction = await BeginAsync();
        (await Transactions.BatchOperationAsync([CreateRule(rule)], transactionId: transaction.TransactionId)).Unwrap();
        (await Transactions.BatchOperationAsync([UpdateKey(key.Id, ("name", "discarded"))], transactionId: transaction.TransactionId)).Unwrap();

        (await Transactions.RollbackTransactionAsync(transaction.TransactionId)).EnsureSuccess();

        Assert.Equal(0L, await RuleCountAsync(rule));
        Assert.Equal("kept", await KeyNameAsync(key.Id));
    }

    [Fact]
    public async Task A_batch_without_a_transaction_commits_by_itself_and_counts_the_rows()
    {
        Guid kept = Guid.NewGuid(), removed = Guid.NewGuid();

        var batch = (await Transactions.BatchOperationAsync(
        [
            CreateRule(kept),
            CreateRule(removed),
            UpdateRule(kept, ("metric", "error_rate"), ("webhook", null)),
            DeleteRule(removed),
            UpdateRule(Guid.NewGuid(), ("metric", "nothing_matches")),
        ])).Unwrap();

        Assert.Equal([1, 1, 1, 1, 0], batch.Results.Select(result => result.AffectedRows));
        Assert.Equal("error_rate", await RuleMetricAsync(kept));
        Assert.Equal(0L, await RuleCountAsync(removed));
    }

    [Theory]
    [InlineData("duplicate-id", DatabaseErrorCode.DuplicateKey)]
    [InlineData("operator-outside-check", DatabaseErrorCode.ConstraintViolation)]
    [InlineData("negative-token-limit", DatabaseErrorCode.ConstraintViolation)]
    public async Task A_batch_is_all_or_nothing(string problem, string code)
    {
        var first = Guid.NewGuid();
        var key = await NewKeyAsync("unchanged");
        BatchOperation failing = problem switch
        {
            "duplicate-id" => CreateRule(first),
            "operator-outside-check" => CreateRule(Guid.NewGuid(), comparison: "!="),
            _ => UpdateKey(key.Id, ("token_limit", -1)),
        };

        var result = await Transactions.BatchOperationAsync([CreateRule(first), UpdateKey(key.Id, ("name", "changed")), failing]);

        Assert.Equal((false, code), (result.Success, result.Code));
        Assert.Equal(0L, await RuleCountAsync(first));
        Assert.Equal("unchanged", await KeyNameAsync(key.Id));
    }

    [Fact]
    public async Task A_failed_batch_inside_a_transaction_is_undone_alone_and_the_transaction_goes_on()
    {
        Guid before = Guid.NewGuid(), failed = Guid.NewGuid(), after = Guid.NewGuid();
        var transaction = await BeginAsync();
        (await Transactions.BatchOperationAsync([CreateRule(before)], transactionId: transaction.TransactionId)).Unwrap();

        var failure = await Transactions.BatchOperationAsync([CreateRule(failed), CreateRule(before)], transactionId: transaction.TransactionId);
        var later = await Transactions.BatchOperationAsync([CreateRule(after)], transactionId: transaction.TransactionId);
        var commit = await Transactions.CommitTransactionAsync(transaction.TransactionId);

        Assert.Equal(DatabaseErrorCode.DuplicateKey, failure.Code);
        Assert.True(later.Success, later.Error);
        Assert.True(commit.Success, commit.Error);
        Assert.Equal((1L, 0L, 1L), (await RuleCountAsync(before), await RuleCountAsync(failed), await RuleCountAsync(after)));
    }

    // PostgreSQL answers COMMIT of a transaction that an error left aborted by rolling it
    // back, and reports no error: a batch stopped any other way than by a PostgreSQL error
    // must be undone as well, or the commit would silently lose the earlier batches.
    [Fact]
    public async Task A_batch_cancelled_inside_a_transaction_is_undone_alone_and_the_commit_keeps_the_rest()
    {
        var key = await NewKeyAsync("contended");
        var kept = Guid.NewGuid();
        var holder = await BeginAsync();
        (await Transactions.BatchOperationAsync([UpdateKey(key.Id, ("name", "holder"))], transactionId: holder.TransactionId)).Unwrap();
        var transaction = await BeginAsync();
        (await Transactions.BatchOperationAsync([CreateRule(kept)], transactionId: transaction.TransactionId)).Unwrap();

        using var cancellation = new CancellationTokenSource();
        var blocked = Transactions.BatchOperationAsync([UpdateKey(key.Id, ("name", "waiter"))], transactionId: transaction.TransactionId, cancellationToken: cancellation.Token);
        await WaitUntilAsync(async () => await WaitingForLocksAsync() == 1, "the batch was not waiting for the locked row");
        await cancellation.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => blocked);
        (await Transactions.RollbackTransactionAsync(holder.TransactionId)).EnsureSuccess();

        var commit = await Transactions.CommitTransactionAsync(transaction.TransactionId);

        Assert.True(commit.Success, commit.Error);
        Assert.Equal(1L, await RuleCountAsync(kept));
        Assert.Equal("contended", await KeyNameAsync(key.Id));
    }

    [Theory]
    [InlineData("operations[1].table", "unknown-table")]
    [InlineData("operations[1].table", "table-with-sql")]
    [InlineData("operations[1].table", "table-in-capitals")]
    [InlineData("operations[1].type", "create-on-api-keys")]
    [InlineData("operations[1].type", "create-on-sessions")]
    [InlineData("operations[1].type", "undefined-type")]
    [InlineData("operations[1].data.key_hash", "column-off-the-list")]
    [InlineData("operations[1].where.key_hash", "condition-off-the-list")]
    [InlineData("operations[1].data.metric\" = 'x' --", "column-with-sql")]
    [InlineData("operations[1].where", "update-without-where")]
    [InlineData("operations[1].where", "delete-without-where")]
    [InlineData("operations[1].where", "create-with-where")]
    [InlineData("operations[1].data", "update-without-data")]
    [InlineData("operations[1].data", "delete-with-data")]
    [InlineData("operations[1].data.duration_seconds", "text-for-integer")]
    [InlineData("operations[1].data.duration_seconds", "fraction-for-integer")]
    [InlineData("operations[1].data.threshold", "text-for-number")]
    [InlineData("operations[1].data.metric", "number-for-text")]
    [InlineData("operations[1].data.metric", "null-for-not-null")]
    [InlineData("operations[1].data.id", "malformed-uuid")]
    [InlineData("operations[1].data.is_active", "text-for-boolean")]
    [InlineData("operations[1].data.tags", "number-in-text-array")]
    public async Task A_bad_operation_is_refused_and_the_field_names_it(string field, string problem)
    {
        var valid = Guid.NewGuid();
        var anyKey = Guid.NewGuid();
        var bad = problem switch
        {
            "unknown-table" => new BatchOperation { Type = BatchOperationType.Delete, Table = "users", Where = Values(("id", anyKey)) },
            "table-with-sql" => new BatchOperation { Type = BatchOperationType.Delete, Table = "api_keys; DROP TABLE api_keys; --", Where = Values(("id", anyKey)) },
            "table-in-capitals" => new BatchOperation { Type = BatchOperationType.Delete, Table = "API_KEYS", Where = Values(("id", anyKey)) },
            "create-on-api-keys" => new BatchOperation { Type = BatchOperationType.Create, Table = "api_keys", Data = Values(("id", anyKey), ("name", "sneaked-in")) },
            "create-on-sessions" => new BatchOperation { Type = BatchOperationType.Create, Table = "sessions", Data = Values(("user_id", "u"), ("user_type", "admin")) },
            "undefined-type" => new BatchOperation { Type = (BatchOperationType)42, Table = "alert_rules", Where = Values(("id", anyKey)) },
            "column-off-the-list" => UpdateKey(anyKey, ("key_hash", new string('0', 64))),
            "condition-off-the-list" => new BatchOperation { Type = BatchOperationType.Delete, Table = "api_keys", Where = Values(("key_hash", new string('0', 64))) },
            "column-with-sql" => UpdateRule(anyKey, ("metric\" = 'x' --", "y")),
            "update-without-where" => new BatchOperation { Type = BatchOperationType.Update, Table = "alert_rules", Data = Values(("metric", "everything")) },
            "delete-without-where" => new BatchOperation { Type = BatchOperationType.Delete, Table = "alert_rules" },
            "create-with-where" => CreateRule(anyKey) with { Where = Values(("id", anyKey)) },
            "update-without-data" => new BatchOperation { Type = BatchOperationType.Update, Table = "alert_rules", Where = Values(("id", anyKey)) },
            "delete-with-data" => DeleteRule(anyKey) with { Data = Values(("metric", "x")) },
            "text-for-integer" => UpdateRule(anyKey, ("duration_seconds", "60")),
            "fraction-for-integer" => UpdateRule(anyKey, ("duration_seconds", 1.5)),
            "text-for-number" => UpdateRule(anyKey, ("threshold", "high")),
            "number-for-text" => UpdateRule(anyKey, ("metric", 42)),
            "null-for-not-null" => UpdateRule(anyKey, ("metric", null)),
            "malformed-uuid" => UpdateRule(anyKey, ("id", "not-a-uuid")),
            "text-for-boolean" => UpdateKey(anyKey, ("is_active", "false")),
            _ => UpdateKey(anyKey, ("tags", new object[] { "a", 1 })),
        };

        var result = await Transactions.BatchOperationAsync([CreateRule(valid), bad]);

        Assert.Equal((false, DatabaseErrorCode.InvalidQuery, field), (result.Success, result.Code, result.Field));
        Assert.Equal(0L, await RuleCountAsync(valid));
    }

    [Fact]
    public async Task A_bad_operation_inside_a_transaction_leaves_it_usable()
    {
        var rule = Guid.NewGuid();
        var transaction = await BeginAsync();

        var refused = await Transactions.BatchOperationAsync(
            [CreateRule(rule), new BatchOperation { Type = BatchOperationType.Delete, Table = "pg_authid", Where = Values(("id", 1)) }],
            transactionId: transaction.TransactionId);
        (await Transactions.BatchOperationAsync([CreateRule(rule)], transactionId: transaction.TransactionId)).Unwrap();
        (await Transactions.CommitTransactionAsync(transaction.TransactionId)).EnsureSuccess();

        Assert.Equal((DatabaseErrorCode.InvalidQuery, "operations[1].table"), (refused.Code, refused.Field));
        Assert.Equal(1L, await RuleCountAsync(rule));
    }

    [Fact]
    public async Task A_batch_must_hold_between_one_and_the_configured_number_of_operations()
    {
        var limit = Fixture.Services.GetRequiredService<IOptions<TransactionSettings>>().Value.MaxOperationsPerBatch;

        var empty = await Transactions.BatchOperationAsync([]);
        var tooMany = await Transactions.BatchOperationAsync([.. Enumerable.Range(0, limit + 1).Select(_ => CreateRule(Guid.NewGuid()))]);

        Assert.Equal((DatabaseErrorCode.InvalidQuery, "operations"), (empty.Code, empty.Field));
        Assert.Equal((DatabaseErrorCode.InvalidQuery, "operations"), (tooMany.Code, tooMany.Field));
    }

    [Fact]
    public async Task Sql_looking_values_are_stored_verbatim_and_match_only_themselves()
    {
        const string metric = "x'); DROP TABLE alert_rules; --";
        const string webhook = "https://example.test/' OR '1'='1";
        Guid rule = Guid.NewGuid(), bystander = Guid.NewGuid();
        (await Transactions.BatchOperationAsync([CreateRule(bystander)])).Unwrap();

        var created = (await Transactions.BatchOperationAsync([CreateRule(rule, metric) with { Data = Values(
            ("id", rule), ("metric", metric), ("threshold", 1.0), ("operator", ">="), ("duration_seconds", 0), ("webhook", webhook)) }])).Unwrap();
        var injected = (await Transactions.BatchOperationAsync([new BatchOperation
        {
            Type = BatchOperationType.Delete,
            Table = "alert_rules",
            Where = Values(("metric", "' OR '1'='1")),
        }])).Unwrap();

        Assert.Equal(1, created.Results[0].AffectedRows);
        Assert.Equal(0, injected.Results[0].AffectedRows);
        Assert.Equal(metric, await RuleMetricAsync(rule));
        Assert.Equal(webhook, await Fixture.QueryScalarAsync<string>("SELECT webhook FROM alert_rules WHERE id = $1", rule));
        Assert.Equal(1L, await RuleCountAsync(bystander));
    }

    [Theory]
    [InlineData("isolationLevel", "undefined-isolation")]
    [InlineData("timeout", "zero-timeout")]
    [InlineData("timeout", "negative-timeout")]
    [InlineData("timeout", "timeout-over-the-maximum")]
    public async Task Bad_transaction_options_are_refused_and_name_the_field(string field, string problem)
    {
        var maximum = (int)Fixture.Services.GetRequiredService<IOptions<TransactionSettings>>().Value.MaxTimeout.TotalMilliseconds;
        var options = problem switch
        {
            "undefined-isolation" => new TransactionOptions { IsolationLevel = (TransactionIsolation)42 },
            "zero-timeout" => new TransactionOptions { Timeout = 0 },
            "negative-timeout" => new TransactionOptions { Timeout = -300 },
            _ => new TransactionOptions { Timeout = maximum + 1 },
        };

        var result = await Transactions.BeginTransactionAsync(options);
        if (result.Success)
        {
            _begun.Add(result.Data!.TransactionId);
        }

        Assert.Equal((DatabaseErrorCode.InvalidQuery, field), (result.Code, result.Field));
    }

    [Fact]
    public async Task A_batch_with_an_undefined_isolation_level_is_refused()
    {
        var rule = Guid.NewGuid();

        var result = await Transactions.BatchOperationAsync([CreateRule(rule)], new TransactionOptions { IsolationLevel = (TransactionIsolation)42 });

        Assert.Equal((DatabaseErrorCode.InvalidQuery, "options.isolationLevel"), (result.Code, result.Field));
        Assert.Equal(0L, await RuleCountAsync(rule));
    }

    [Fact]
    public async Task An_open_transaction_holds_one_connection_until_it_finishes()
    {
        var idleBefore = await IdleInTransactionAsync();
        var transaction = await BeginAsync();
        (await Transactions.BatchOperationAsync([CreateRule(Guid.NewGuid())], transactionId: transaction.TransactionId)).Unwrap();

        Assert.Equal(idleBefore + 1, await IdleInTransactionAsync());

        (await Transactions.CommitTransactionAsync(transaction.TransactionId)).EnsureSuccess();
        Assert.Equal(idleBefore, await IdleInTransactionAsync());
    }

    [Fact]
    public async Task An_open_transaction_past_its_timeout_is_rolled_back_and_its_connection_returned()
    {
        var rule = Guid.NewGuid();
        var idleBefore = await IdleInTransactionAsync();
        var transaction = await BeginAsync(new TransactionOptions { Timeout = 300 });

        var batch = await Transactions.BatchOperationAsync([CreateRule(rule)], transactionId: transaction.TransactionId);
        // On a slow machine the 300 ms may be over before the batch arrives; then the batch
        // finds no transaction, and everything below must hold all the same.
        Assert.True(batch.Success || batch.Code == DatabaseErrorCode.RecordNotFound, batch.Error);

        await WaitUntilAsync(async () => await IdleInTransactionAsync() == idleBefore, "the expired transaction's connection was still idle in transaction");
        var commit = await Transactions.CommitTransactionAsync(transaction.TransactionId);

        Assert.Equal(DatabaseErrorCode.RecordNotFound, commit.Code);
        Assert.Equal(0L, await RuleCountAsync(rule));
        // The expired transaction no longer takes one of the slots.
        for (var i = 0; i < MaxOpenTransactions; i++)
        {
            await BeginAsync();
        }
    }

    [Fact]
    public async Task Beyond_the_configured_number_of_open_transactions_beginning_fails_until_one_finishes()
    {
        var open = new List<TransactionHandle>();
        for (var i = 0; i < MaxOpenTransactions; i++)
        {
            open.Add(await BeginAsync());
        }

        var refused = await Transactions.BeginTransactionAsync();
        (await Transactions.CommitTransactionAsync(open[0].TransactionId)).EnsureSuccess();
        var afterCommit = await BeginAsync();
        var refusedAgain = await Transactions.BeginTransactionAsync();
        (await Transactions.RollbackTransactionAsync(open[1].TransactionId)).EnsureSuccess();
        var afterRollback = await BeginAsync();

        Assert.Equal(DatabaseErrorCode.PoolExhausted, refused.Code);
        Assert.Equal(DatabaseErrorCode.PoolExhausted, refusedAgain.Code);
        Assert.NotEqual(afterCommit.TransactionId, afterRollback.TransactionId);
    }

    [Fact]
    public async Task Concurrent_begins_never_open_more_than_the_configured_number()
    {
        // Without idle pooled connections every begin waits for a new one to open: the
        // window in which a begin that checked the count too early could slip past it.
        Fixture.Services.GetRequiredService<NpgsqlDataSource>().Clear();

        var attempts = await Task.WhenAll(Enumerable.Range(0, MaxOpenTransactions * 3)
            .Select(_ => Task.Run(() => Transactions.BeginTransactionAsync())));
        _begun.AddRange(attempts.Where(attempt => attempt.Success).Select(attempt => attempt.Data!.TransactionId));

        Assert.Equal(MaxOpenTransactions, attempts.Count(attempt => attempt.Success));
        Assert.All(attempts.Where(attempt => !attempt.Success), attempt => Assert.Equal(DatabaseErrorCode.PoolExhausted, attempt.Code));
    }

    [Fact]
    public async Task A_read_only_transaction_refuses_writes()
    {
        var rule = Guid.NewGuid();
        var transaction = await BeginAsync(new TransactionOptions { ReadOnly = true });

        var write = await Transactions.BatchOperationAsync([CreateRule(rule)], transactionId: transaction.TransactionId);
        var commit = await Transactions.CommitTransactionAsync(transaction.TransactionId);

        Assert.Equal((false, DatabaseErrorCode.InvalidQuery), (write.Success, write.Code));
        Assert.True(commit.Success, commit.Error);
        Assert.Equal(0L, await RuleCountAsync(rule));
    }

    [Fact]
    public async Task A_read_only_batch_refuses_writes()
    {
        var rule = Guid.NewGuid();

        var write = await Transactions.BatchOperationAsync([CreateRule(rule)], new TransactionOptions { ReadOnly = true });

        Assert.Equal((false, DatabaseErrorCode.InvalidQuery), (write.Success, write.Code));
        Assert.Equal(0L, await RuleCountAsync(rule));
    }

    [Fact]
    public async Task A_serializable_transaction_commits_its_batches()
    {
        var rule = Guid.NewGuid();
        var transaction = await BeginAsync(new TransactionOptions { IsolationLevel = TransactionIsolation.Serializable });

        (await Transactions.BatchOperationAsync([CreateRule(rule)], transactionId: transaction.TransactionId)).Unwrap();
        (await Transactions.BatchOperationAsync([UpdateRule(rule, ("threshold", 9.5))], transactionId: transaction.TransactionId)).Unwrap();
        (await Transactions.CommitTransactionAsync(transaction.TransactionId)).EnsureSuccess();

        Assert.Equal(9.5, await Fixture.QueryScalarAsync<double>("SELECT threshold FROM alert_rules WHERE id = $1", rule));
    }

    // Read committed overwrites a row changed after the transaction's first statement;
    // serializable refuses, which shows the level really reaches PostgreSQL.
    [Theory]
    [InlineData(TransactionIsolation.ReadCommitted, true)]
    [InlineData(TransactionIsolation.Serializable, false)]
    public async Task Only_serializable_refuses_to_overwrite_a_row_changed_since_its_snapshot(TransactionIsolation isolation, bool overwrites)
    {
        Guid changed = Guid.NewGuid(), other = Guid.NewGuid();
        (await Transactions.BatchOperationAsync([CreateRule(changed), CreateRule(other)])).Unwrap();
        var transaction = await BeginAsync(new TransactionOptions { IsolationLevel = isolation });
        (await Transactions.BatchOperationAsync([UpdateRule(other, ("threshold", 2.0))], transactionId: transaction.TransactionId)).Unwrap();
        (await Transactions.BatchOperationAsync([UpdateRule(changed, ("metric", "changed_outside"))])).Unwrap();

        var overwrite = await Transactions.BatchOperationAsync([UpdateRule(changed, ("metric", "changed_inside"))], transactionId: transaction.TransactionId);

        Assert.Equal(overwrites, overwrite.Success);
        if (!overwrites)
        {
            Assert.Equal(DatabaseErrorCode.ConstraintViolation, overwrite.Code);
        }
    }

    [Fact]
    public async Task Finishing_or_using_an_unknown_or_finished_transaction_is_not_found()
    {
        var committed = await BeginAsync();
        (await Transactions.CommitTransactionAsync(committed.TransactionId)).EnsureSuccess();
        var rolledBack = await BeginAsync();
        (await Transactions.RollbackTransactionAsync(rolledBack.TransactionId)).EnsureSuccess();
        var unknown = "tx_" + new string('0', 32);

        foreach (var transactionId in new[] { committed.TransactionId, rolledBack.TransactionId, unknown, "" })
        {
            Assert.Equal(DatabaseErrorCode.RecordNotFound, (await Transactions.CommitTransactionAsync(transactionId)).Code);
            Assert.Equal(DatabaseErrorCode.RecordNotFound, (await Transactions.RollbackTransactionAsync(transactionId)).Code);
            Assert.Equal(DatabaseErrorCode.RecordNotFound, (await Transactions.BatchOperationAsync([CreateRule(Guid.NewGuid())], transactionId: transactionId)).Code);
        }
    }

    [Fact]
    public async Task A_committed_batch_that_disables_a_key_is_seen_by_validation()
    {
        var key = await NewKeyAsync("to-disable");
        Assert.True((await Fixture.ApiKeys.ValidateApiKeyAsync(key.HashedKey)).Unwrap().IsActive);
        var transaction = await BeginAsync();
        (await Transactions.BatchOperationAsync([UpdateKey(key.Id, ("is_active", false))], transactionId: transaction.TransactionId)).Unwrap();

        // Uncommitted, the change is not seen; a read now must not keep the old row cached
        // past the commit.
        Assert.True((await Fixture.ApiKeys.ValidateApiKeyAsync(key.HashedKey)).Unwrap().IsActive);
        (await Transactions.CommitTransactionAsync(transaction.TransactionId)).EnsureSuccess();

        var validation = (await Fixture.ApiKeys.ValidateApiKeyAsync(key.HashedKey)).Unwrap();
        Assert.Equal((false, ApiKeyStatus.Disabled), (validation.IsActive, validation.Status));
    }

    [Fact]
    public async Task A_batch_without_a_transaction_that_disables_a_key_is_seen_by_validation()
    {
        var key = await NewKeyAsync("to-disable");
        Assert.True((await Fixture.ApiKeys.ValidateApiKeyAsync(key.HashedKey)).Unwrap().IsActive);
        Assert.True((await Fixture.ApiKeys.GetApiKeyAsync(key.Id)).Unwrap().IsActive);

        (await Transactions.BatchOperationAsync([UpdateKey(key.Id, ("is_active", false))])).Unwrap();

        Assert.False((await Fixture.ApiKeys.ValidateApiKeyAsync(key.HashedKey)).Unwrap().IsActive);
        Assert.False((await Fixture.ApiKeys.GetApiKeyAsync(key.Id)).Unwrap().IsActive);
    }

    [Fact]
    public async Task Deleting_a_users_sessions_in_a_batch_ends_them_at_once()
    {
        var user = $"user-{Guid.NewGuid():N}";
        var session = (await Fixture.Sessions.CreateSessionAsync(new CreateSessionRequest { UserId = user, UserType = "user" })).Unwrap();
        (await Fixture.Sessions.ValidateSessionAsync(session.SessionToken)).Unwrap();

        var deleted = (await Transactions.BatchOperationAsync(
            [new BatchOperation { Type = BatchOperationType.Delete, Table = "sessions", Where = Values(("user_id", user)) }])).Unwrap();

        Assert.Equal(1, deleted.Results[0].AffectedRows);
        Assert.Equal(DatabaseErrorCode.RecordNotFound, (await Fixture.Sessions.ValidateSessionAsync(session.SessionToken)).Code);
    }

    private async Task<TransactionHandle> BeginAsync(TransactionOptions? options = null)
    {
        var transaction = (await Transactions.BeginTransactionAsync(options)).Unwrap();
        _begun.Add(transaction.TransactionId);
        return transaction;
    }

    private async Task<CreatedApiKey> NewKeyAsync(string name) =>
        (await Fixture.ApiKeys.CreateApiKeyAsync(new CreateApiKeyRequest { Name = name })).Unwrap();

    private static BatchOperation CreateRule(Guid id, string metric = "latency_ms", string comparison = ">") => new()
    {
        Type = BatchOperationType.Create,
        Table = "alert_rules",
        Data = Values(("id", id), ("metric", metric), ("threshold", 1.5), ("operator", comparison), ("duration_seconds", 60)),
    };

    private static BatchOperation UpdateRule(Guid id, params (string Column, object? Value)[] data) =>
        new() { Type = BatchOperationType.Update, Table = "alert_rules", Data = Values(data), Where = Values(("id", id)) };

    private static BatchOperation DeleteRule(Guid id) =>
        new() { Type = BatchOperationType.Delete, Table = "alert_rules", Where = Values(("id", id)) };

    private static BatchOperation UpdateKey(Guid id, params (string Column, object? Value)[] data) =>
        new() { Type = BatchOperationType.Update, Table = "api_keys", Data = Values(data), Where = Values(("id", id)) };

    private static Dictionary<string, JsonElement> Values(params (string Column, object? Value)[] values) =>
        values.ToDictionary(value => value.Column, value => JsonSerializer.SerializeToElement(value.Value));

    private Task<long> RuleCountAsync(Guid id) => Fixture.QueryScalarAsync<long>("SELECT count(*) FROM alert_rules WHERE id = $1", id);

    private Task<string> RuleMetricAsync(Guid id) => Fixture.QueryScalarAsync<string>("SELECT metric FROM alert_rules WHERE id = $1", id);

    private Task<string> KeyNameAsync(Guid id) => Fixture.QueryScalarAsync<string>("SELECT name FROM api_keys WHERE id = $1", id);

    // Connections of this fixture's database inside a transaction that waits for its client.
    private Task<long> IdleInTransactionAsync() => Fixture.QueryScalarAsync<long>(
        "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND state LIKE 'idle in transaction%'");

    private Task<long> WaitingForLocksAsync() => Fixture.QueryScalarAsync<long>(
        "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'");

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, string failure)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"After 30 s {failure}.");
            await Task.Delay(50);
        }
    }
}

public sealed class PostgresTransactionTests(PostgresBackendFixture fixture) : TransactionContract<PostgresBackendFixture>(fixture);

public sealed class HybridTransactionTests(HybridBackendFixture fixture) : TransactionContract<HybridBackendFixture>(fixture);
