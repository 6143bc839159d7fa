namespace MigrationService.Backfill.Reporting;

// How often one kind of problem occurred, and its first occurrences ("key: what").
public sealed record ProblemSummary(ProblemKind Kind, long Count, IReadOnlyList<string> Examples);
