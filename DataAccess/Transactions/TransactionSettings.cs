namespace DataAccess.Transactions;

// Bound from "DataAccess:Transactions".
public sealed class TransactionSettings
{
    // Open transactions hold a database connection each; beyond this, beginning one fails.
    public int MaxOpenTransactions { get; set; } = 50;

    public TimeSpan DefaultTimeout { get; set; } = TimeSpan.FromSeconds(30);

    public TimeSpan MaxTimeout { get; set; } = TimeSpan.FromMinutes(5);

    public int MaxOperationsPerBatch { get; set; } = 1000;
}
