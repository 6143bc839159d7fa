namespace DataAccess.Postgres.Schema;

/// <summary>
/// The database and this build's migrations disagree, or a migration failed. The message says
/// which migration and what an operator should do; nothing after the problem was applied.
/// </summary>
public sealed class SchemaMigrationException : Exception
{
    private SchemaMigrationException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }

    internal static SchemaMigrationException ChecksumMismatch(MigrationRecord applied, Migration known) => new(
        $"Migration {known.DisplayName} was applied to this database with checksum {applied.Checksum}, "
        + $"but this build's file has checksum {known.Checksum}. An applied migration must never change: "
        + "restore the file to the content that was applied and put the change in a new migration. "
        + "If the edit changes nothing in the database (a comment, say) and you have checked that, "
        + $"an operator may record the new checksum with UPDATE {SchemaMigrationHistory.TableName} "
        + $"SET checksum = '{known.Checksum}' WHERE version = {known.Version}. Nothing was applied.");

    internal static SchemaMigrationException UnknownToThisBuild(MigrationRecord applied, int latestKnownVersion) => new(
        $"The database has migration {applied.DisplayName} applied, but this build knows migrations only "
        + $"up to version {latestKnownVersion}. The database was migrated by a newer build of the "
        + "application: deploy that build or a later one instead of this one. Nothing was applied.");

    internal static SchemaMigrationException AppliedOutOfOrder(Migration pending, MigrationRecord laterApplied) => new(
        $"Migration {pending.DisplayName} is not applied, but the later {laterApplied.DisplayName} is. "
        + $"Rows of {SchemaMigrationHistory.TableName} were removed or the migrations were renumbered; "
        + "compare the database with the migration files before changing anything. Nothing was applied.");

    internal static SchemaMigrationException Failed(Migration migration, Exception cause) => new(
        $"Migration {migration.DisplayName} failed and was rolled back; no later migration was applied. "
        + cause.Message,
        cause);
}
