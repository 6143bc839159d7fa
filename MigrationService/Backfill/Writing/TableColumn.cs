namespace MigrationService.Backfill.Writing;

// One column of a table the backfill writes (see Columns for the kinds): how a page of rows
// becomes one array parameter of INSERT … SELECT … FROM unnest(…), the SQL that turns an
// unnested element into the column's value, and how a stored value is compared with a row's.
internal sealed record TableColumn<TRow>
{
    public required string Name { get; init; }

    public bool IsKey { get; init; }

    // The array parameter for these rows.
    public required Func<string, IReadOnlyList<TRow>, Npgsql.NpgsqlParameter> Parameter { get; init; }

    // SQL of the column's value; {0} is the unnested element.
    public string Expression { get; init; } = "{0}";

    // SQL of the value the API shows, where that is more than the stored column (t is the
    // stored row): what the verification reads back and compares.
    public string? Shown { get; init; }

    // Whether a stored value (as read back) is the row's.
    public Func<TRow, object?, bool> Matches { get; init; } = (_, _) => true;

    // Expiries computed as "now + remaining TTL" drift by the time between two reads; within
    // this tolerance a stored expiry is kept rather than rewritten.
    public TimeSpan? Tolerance { get; init; }
}
