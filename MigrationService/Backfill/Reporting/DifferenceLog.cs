namespace MigrationService.Backfill.Reporting;

// Differences between Redis and PostgreSQL: all counted, the first few listed.
internal sealed class DifferenceLog(int listed)
{
    private readonly List<string> _first = [];

    public long Count { get; private set; }

    public IReadOnlyList<string> First => _first;

    public void Add(IEnumerable<string> differences)
    {
        foreach (var difference in differences)
        {
            Count++;
            if (_first.Count < listed)
            {
                _first.Add(difference);
            }
        }
    }
}
