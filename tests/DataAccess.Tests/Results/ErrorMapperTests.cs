using Npgsql;

namespace DataAccess.Tests;

// What PostgreSQL raises for bad statements, mapped to the contract's codes.
public sealed class ErrorMapperTests(ErrorMapperDatabase database) : IClassFixture<ErrorMapperDatabase>
{
    [Theory]
    [InlineData("INSERT INTO children VALUES (2, 1, 0, 'taken')", DatabaseErrorCode.DuplicateKey, "children_label_key")]
    [InlineData("INSERT INTO children VALUES (1, 1, 0, 'free')", DatabaseErrorCode.DuplicateKey, "children_pkey")]
    [InlineData("INSERT INTO children VALUES (3, 99, 0, NULL)", DatabaseErrorCode.ConstraintViolation, "children_parent_id_fkey")]
    [InlineData("DELETE FROM parents WHERE id = 1", DatabaseErrorCode.ConstraintViolation, "children_parent_id_fkey")]
    [InlineData("INSERT INTO children VALUES (4, 1, -1, NULL)", DatabaseErrorCode.ConstraintViolation, "children_amount_check")]
    [InlineData("INSERT INTO children VALUES (5, NULL, 0, NULL)", DatabaseErrorCode.ConstraintViolation, null)]
    public async Task A_broken_constraint_maps_to_its_code_and_tells_the_caller_no_constraint_or_table_name(string sql, string code, string? constraint)
    {
        var exception = await database.FailureOfAsync(sql);

        var error = Map(exception);

        Assert.Equal((code, null), (error.Code, error.Field));
        Assert.Same(exception, error.InnerException);
        Assert.Equal(constraint, ((PostgresException)exception).ConstraintName);
        Assert.DoesNotContain("children", error.Message);
        Assert.DoesNotContain("parents", error.Message);
    }

    [Theory]
    [InlineData("SELEC 1")]
    [InlineData("SELECT missing_column FROM children")]
    [InlineData("SELECT * FROM missing_table")]
    [InlineData("SELECT 1 / 0")]
    [InlineData("SELECT 'abc'::integer")]
    [InlineData("SELECT '2026-13-45'::date")]
    public async Task A_statement_postgresql_cannot_run_is_an_invalid_query(string sql)
    {
        var error = Map(await database.FailureOfAsync(sql));

        Assert.Equal(DatabaseErrorCode.InvalidQuery, error.Code);
    }

    [Fact]
    public async Task A_statement_cancelled_by_statement_timeout_is_a_query_timeout()
    {
        var exception = await database.FailureOfAsync("SELECT pg_sleep(10)", builder => builder.Options = "-c statement_timeout=100");

        Assert.Equal(PostgresErrorCodes.QueryCanceled, Assert.IsType<PostgresException>(exception).SqlState);
        Assert.Equal(DatabaseErrorCode.QueryTimeout, Map(exception).Code);
    }

    [Fact]
    public async Task A_statement_that_waits_past_its_command_timeout_is_a_query_timeout()
    {
        var exception = await database.FailureOfAsync("SELECT pg_sleep(10)", builder => builder.CommandTimeout = 1);

        Assert.Equal(DatabaseErrorCode.QueryTimeout, Map(exception).Code);
    }

    [Fact]
    public async Task A_lock_not_granted_within_lock_timeout_is_a_query_timeout()
    {
        await using var holder = new NpgsqlConnection(database.ConnectionString);
        await holder.OpenAsync();
        await using var transaction = await holder.BeginTransactionAsync();
        await using (var lockRow = new NpgsqlCommand("SELECT * FROM parents WHERE id = 1 FOR UPDATE", holder, transaction))
        {
            await lockRow.ExecuteNonQueryAsync();
        }

        var exception = await database.FailureOfAsync("UPDATE parents SET id = 1 WHERE id = 1", builder => builder.Options = "-c lock_timeout=100");

        Assert.Equal(PostgresErrorCodes.LockNotAvailable, Assert.IsType<PostgresException>(exception).SqlState);
        Assert.Equal(DatabaseErrorCode.QueryTimeout, Map(exception).Code);
    }

    [Fact]
    public void A_database_error_passes_through_unchanged()
    {
        var original = DatabaseError.Invalid("name", "is required.");

        Assert.Same(original, ErrorMapper.TryMap(original));
    }

    [Fact]
    public void A_plain_timeout_is_a_query_timeout()
    {
        Assert.Equal(DatabaseErrorCode.QueryTimeout, ErrorMapper.TryMap(new TimeoutException())?.Code);
    }

    // Anything else is a bug in the calling code, not a database failure.
    [Fact]
    public void Other_exceptions_map_to_nothing()
    {
        Assert.Null(ErrorMapper.TryMap(new InvalidOperationException()));
        Assert.Null(ErrorMapper.TryMap(new ArgumentException()));
        Assert.Null(ErrorMapper.TryMap(new NullReferenceException()));
    }

    private static DatabaseError Map(Exception exception) =>
        ErrorMapper.TryMap(exception) ?? throw new Xunit.Sdk.XunitException($"{exception.GetType().Name} mapped to no code: {exception.Message}");
}
