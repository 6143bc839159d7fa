namespace MigrationService;

/// <summary>
/// One stage of getting the database ready (apply the schema, then later stages such as a backfill).
/// Steps run one after another in registration order; a step starts only if every step before it
/// succeeded.
/// </summary>
internal interface IMigrationStep
{
    /// <summary>A short name for logs and traces.</summary>
    string Name { get; }

    /// <summary>Does the step's work; throws if the database is not ready for the next step.</summary>
    Task RunAsync(CancellationToken cancellationToken);
}
