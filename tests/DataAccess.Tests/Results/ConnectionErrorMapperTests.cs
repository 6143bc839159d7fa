using System.Net;
using System.Net.Sockets;
using Npgsql;
using TestSupport;

namespace DataAccess.Tests;

// What Npgsql raises when it cannot get a connection, mapped to the contract's codes.
public sealed class ConnectionErrorMapperTests(ErrorMapperDatabase database) : IClassFixture<ErrorMapperDatabase>
{
    [Fact]
    public async Task A_refused_connection_is_a_connection_failure()
    {
        var closedPort = RedisServerProcess.FreePort();

        var exception = await database.FailureOfAsync("SELECT 1", builder => (builder.Port, builder.Timeout) = (closedPort, 3));

        Assert.Equal(DatabaseErrorCode.ConnectionFailed, Map(exception).Code);
    }

    // A listener whose accept queue is full: Linux drops further SYNs, so connecting hangs
    // until the client gives up.
    [Fact]
    public async Task A_connection_attempt_that_is_never_answered_is_a_connection_timeout()
    {
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(0);
        var endpoint = (IPEndPoint)listener.LocalEndPoint!;
        using var queued = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await queued.ConnectAsync(endpoint);

        var exception = await database.FailureOfAsync("SELECT 1", builder => (builder.Port, builder.Timeout) = (endpoint.Port, 1));

        Assert.Equal(DatabaseErrorCode.ConnectionTimeout, Map(exception).Code);
    }

    [Fact]
    public async Task No_free_connection_in_the_pool_is_an_exhausted_pool()
    {
        var builder = new NpgsqlConnectionStringBuilder(database.ConnectionString) { MaxPoolSize = 1, Timeout = 1, ApplicationName = $"pool-{Guid.NewGuid():N}" };
        await using var pool = NpgsqlDataSource.Create(builder.ConnectionString);
        await using var held = await pool.OpenConnectionAsync();

        var exception = await Assert.ThrowsAsync<NpgsqlException>(() => pool.OpenConnectionAsync().AsTask());

        Assert.Equal(DatabaseErrorCode.PoolExhausted, Map(exception).Code);
    }

    [Fact]
    public async Task A_wrong_password_is_a_connection_failure()
    {
        var exception = await database.FailureOfAsync("SELECT 1", builder => builder.Password = "wrong-password");

        Assert.Equal(PostgresErrorCodes.InvalidPassword, Assert.IsType<PostgresException>(exception).SqlState);
        Assert.Equal(DatabaseErrorCode.ConnectionFailed, Map(exception).Code);
    }

    [Fact]
    public async Task A_database_that_does_not_exist_is_a_connection_failure()
    {
        var exception = await database.FailureOfAsync("SELECT 1", builder => builder.Database = $"missing_{Guid.NewGuid():N}");

        Assert.Equal(PostgresErrorCodes.InvalidCatalogName, Assert.IsType<PostgresException>(exception).SqlState);
        Assert.Equal(DatabaseErrorCode.ConnectionFailed, Map(exception).Code);
    }

    private static DatabaseError Map(Exception exception) =>
        ErrorMapper.TryMap(exception) ?? throw new Xunit.Sdk.XunitException($"{exception.GetType().Name} mapped to no code: {exception.Message}");
}
