namespace MigrationService.Backfill.Reporting;

// One occurrence: the key concerned and what is wrong with it.
internal readonly record struct Problem(ProblemKind Kind, string Key, string Detail);
