namespace TestSupport.LegacyDataset;

// A corrupt entry the generator planted, or a bucket that the relay's own buckets contradict,
// and the problem kind a backfill must report for it (by name, as the backfill's ProblemKind
// spells it).
public sealed record PlantedProblem(string Key, string Kind);
