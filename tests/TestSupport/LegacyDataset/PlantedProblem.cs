namespace TestSupport.LegacyDataset;

// A corrupt entry the generator planted, and the problem kind a backfill must report for it
// (by name, as the backfill's ProblemKind spells it).
public sealed record PlantedProblem(string Key, string Kind);
