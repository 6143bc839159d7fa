namespace DataService.Alerts;

// The comparisons a rule may use, as the contract spells them.
internal static class AlertOperator
{
    public static readonly IReadOnlyList<string> All = [">", "<", ">="];

    public static bool IsKnown(string? candidate) => candidate is not null && All.Contains(candidate);

    public static bool Holds(string comparison, double value, double threshold) => comparison switch
    {
        ">" => value > threshold,
        "<" => value < threshold,
        ">=" => value >= threshold,
        _ => throw new ArgumentOutOfRangeException(nameof(comparison), comparison, "Not an alert operator; rules are validated when they are created."),
    };
}
