using DataAccess.Postgres.Schema;

namespace DataAccess.Tests.Schema;

public sealed class InitialSchemaTests : SchemaDatabaseTest
{
    private static readonly TestMigrations InitialSchemaOnly =
        new(new EmbeddedMigrationSource().LoadMigrations().Single(migration => migration.Version == 1));

    [Fact]
    public async Task Creates_the_tables_of_the_relay()
    {
        await Database.Migrator(InitialSchemaOnly).MigrateAsync();

        string[] tables =
        [
            "api_keys", "retired_api_key_hashes", "accounts", "usage_events", "usage_hourly_key_model",
            "usage_hourly_account_model", "usage_totals_key", "usage_totals_account", "sessions",
            "storage_strategies", "alert_rules",
        ];
        var missing = new List<string>();
        foreach (var table in tables)
        {
            if (!await Database.TableExistsAsync(table))
            {
                missing.Add(table);
            }
        }

        Assert.Empty(missing);
    }

    [Fact]
    public async Task Usage_events_are_partitioned_by_time()
    {
        await Database.Migrator(InitialSchemaOnly).MigrateAsync();

        var strategy = await Database.ScalarAsync<string>(
            "SELECT partstrat::text FROM pg_partitioned_table WHERE partrelid = 'usage_events'::regclass");

        Assert.Equal("r", strategy);
    }

    [Fact]
    public async Task Ensure_usage_partition_creates_one_partition_per_utc_month()
    {
        await Database.Migrator(InitialSchemaOnly).MigrateAsync();

        await using var connection = await Database.DataSource.OpenConnectionAsync();
        await using var command = connection.CreateCommand();
        // A session in UTC+8 sees 2026-02-01 02:00 local as 2026-01-31 18:00 UTC: still January.
        command.CommandText = """
            SET TIME ZONE 'Asia/Shanghai';
            SELECT ensure_usage_partition('2026-01-15T10:00:00Z');
            SELECT ensure_usage_partition('2026-02-28T23:59:59Z');
            SELECT ensure_usage_partition('2026-02-01T00:00:00Z');
            INSERT INTO usage_events (occurred_at, event_id, api_key_id, account_type, model) VALUES
                ('2026-02-01 02:00:00+08', gen_random_uuid(), gen_random_uuid(), 'claude', 'claude-sonnet'),
                ('2026-02-01 00:30:00+00', gen_random_uuid(), gen_random_uuid(), 'claude', 'claude-sonnet'),
                ('2026-02-28 23:59:59+00', gen_random_uuid(), gen_random_uuid(), 'claude', 'claude-sonnet');
            """;
        await command.ExecuteNonQueryAsync();

        var partitions = await Database.ScalarAsync<string>(
            """
            SELECT string_agg(format('%s=%s', partition, events), ' ' ORDER BY partition)
            FROM (SELECT tableoid::regclass::text AS partition, count(*) AS events FROM usage_events GROUP BY 1) counted
            """);
        var partitionCount = await Database.ScalarAsync<long>(
            "SELECT count(*) FROM pg_inherits WHERE inhparent = 'usage_events'::regclass");

        Assert.Equal("usage_events_2026_01=1 usage_events_2026_02=2", partitions);
        Assert.Equal(2, partitionCount);
    }
}
