namespace MigrationService.Backfill.Reporting;

// The problems of a run: how many of each kind, and the first few with the key they concern.
// Bounded, however much is wrong.
internal sealed class ProblemLog(int examplesPerKind)
{
    private readonly Lock _lock = new();
    private readonly SortedDictionary<ProblemKind, ProblemSummary> _problems = [];

    public void Add(ProblemKind kind, string key, string detail)
    {
        lock (_lock)
        {
            var summary = _problems.TryGetValue(kind, out var existing) ? existing : new ProblemSummary(kind, 0, []);
            var examples = summary.Examples.Count < examplesPerKind ? [.. summary.Examples, $"{key}: {detail}"] : summary.Examples;
            _problems[kind] = summary with { Count = summary.Count + 1, Examples = examples };
        }
    }

    // A problem found by a query: how often, with its first occurrences.
    public void AddMany(ProblemKind kind, long count, IEnumerable<string> examples)
    {
        if (count == 0)
        {
            return;
        }

        lock (_lock)
        {
            var summary = _problems.TryGetValue(kind, out var existing) ? existing : new ProblemSummary(kind, 0, []);
            _problems[kind] = summary with
            {
                Count = summary.Count + count,
                Examples = [.. summary.Examples, .. examples.Take(examplesPerKind - summary.Examples.Count)],
            };
        }
    }

    public long CountOf(ProblemKind kind)
    {
        lock (_lock)
        {
            return _problems.TryGetValue(kind, out var summary) ? summary.Count : 0;
        }
    }

    public IReadOnlyList<ProblemSummary> Snapshot()
    {
        lock (_lock)
        {
            return [.. _problems.Values];
        }
    }

    public void Restore(IEnumerable<ProblemSummary> problems)
    {
        lock (_lock)
        {
            foreach (var problem in problems)
            {
                _problems[problem.Kind] = problem;
            }
        }
    }
}
