namespace DataAccess.Usage;

public sealed record CostAnalysisQuery
{
    public Guid? ApiKeyId { get; init; }

    public required DateTimeOffset StartDate { get; init; }

    public required DateTimeOffset EndDate { get; init; }

    public CostGroupBy GroupBy { get; init; } = CostGroupBy.Day;
}

public enum CostGroupBy
{
    Day,
    Model,
    Account,
}

// Trends are daily; Change is the difference to the previous day (0 for the first).
public sealed record CostAnalysis(
    IReadOnlyList<CostBreakdownItem> CostBreakdown,
    IReadOnlyList<CostTrendPoint> Trends,
    IReadOnlyList<TopModel> TopModels);

// Percentage of the period's total cost, 0-100.
public sealed record CostBreakdownItem(string Category, decimal Cost, decimal Percentage);

public sealed record CostTrendPoint(string Date, decimal Cost, decimal Change);

public sealed record TopModel(string Model, decimal Cost, long Requests);

public sealed record CleanupResult(long DeletedRecords, long RemainingRecords);
