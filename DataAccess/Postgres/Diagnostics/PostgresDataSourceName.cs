namespace DataAccess.Postgres.Diagnostics;

// The name this host's data source reports under in Npgsql's traces and metrics, where it is
// all that tells one data source's pool and statements from another's in the same process.
public sealed record PostgresDataSourceName(string Value);
