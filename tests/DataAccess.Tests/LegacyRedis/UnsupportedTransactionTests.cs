using DataAccess.Tests.Contract;
using DataAccess.Transactions;

namespace DataAccess.Tests.LegacyRedis;

// The legacy layout has no tables and no transactions, and in dual mode a batch would reach
// PostgreSQL only; both refuse every operation, saying why.
public abstract class UnsupportedTransactionTests<TFixture>(TFixture fixture, string reason) : IClassFixture<TFixture>
    where TFixture : BackendFixture
{
    [Fact]
    public async Task Every_transaction_operation_is_refused_with_the_reason()
    {
        var transactions = fixture.Transactions;

        var results = new[]
        {
            (await transactions.BeginTransactionAsync()).Code,
            (await transactions.CommitTransactionAsync("t")).Code,
            (await transactions.RollbackTransactionAsync("t")).Code,
        };
        var batch = await transactions.BatchOperationAsync([new BatchOperation { Type = BatchOperationType.Delete, Table = "sessions" }]);

        Assert.All(results, code => Assert.Equal(DatabaseErrorCode.InvalidQuery, code));
        Assert.Equal(DatabaseErrorCode.InvalidQuery, batch.Code);
        Assert.Contains(reason, batch.Error);
    }
}

public sealed class LegacyRedisTransactionTests(LegacyRedisBackendFixture fixture)
    : UnsupportedTransactionTests<LegacyRedisBackendFixture>(fixture, "no tables and no transactions");

public sealed class DualTransactionTests(DualRedisReadBackendFixture fixture)
    : UnsupportedTransactionTests<DualRedisReadBackendFixture>(fixture, "would change PostgreSQL rows only");
