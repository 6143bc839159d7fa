using Npgsql;
using TestSupport;

namespace DataAccess.Tests;

// A throwaway database with a few constraints to break, for mapping errors PostgreSQL
// really raises. No statement the tests run succeeds, so they cannot disturb each other.
public sealed class ErrorMapperDatabase : IAsyncLifetime
{
    private PostgresTestDatabase? _database;

    public string ConnectionString => _database!.ConnectionString;

    public async Task InitializeAsync()
    {
        _database = await PostgresTestDatabase.CreateAsync("errors");
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var schema = new NpgsqlCommand(
            """
            CREATE TABLE parents (id integer PRIMARY KEY);
            CREATE TABLE children (
                id        integer PRIMARY KEY,
                parent_id integer NOT NULL REFERENCES parents (id),
                amount    integer NOT NULL CHECK (amount >= 0),
                label     text UNIQUE
            );
            INSERT INTO parents VALUES (1);
            INSERT INTO children VALUES (1, 1, 0, 'taken');
            """, connection);
        await schema.ExecuteNonQueryAsync();
    }

    public async Task DisposeAsync()
    {
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }

    // Runs the statement, which must fail, on a connection opened with these settings.
    public async Task<Exception> FailureOfAsync(string sql, Action<NpgsqlConnectionStringBuilder>? configure = null)
    {
        var builder = new NpgsqlConnectionStringBuilder(ConnectionString);
        configure?.Invoke(builder);
        try
        {
            await using var connection = new NpgsqlConnection(builder.ConnectionString);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand(sql, connection);
            await command.ExecuteNonQueryAsync();
        }
        catch (Exception exception)
        {
            return exception;
        }

        throw new InvalidOperationException($"'{sql}' was expected to fail but succeeded.");
    }
}
