using System.Text.RegularExpressions;
using DataAccess.Postgres.Schema;

namespace DataAccess.Tests.Schema;

public sealed class EmbeddedMigrationSourceTests
{
    private readonly IReadOnlyList<Migration> _migrations = new EmbeddedMigrationSource().LoadMigrations();

    [Fact]
    public void Embedded_migrations_are_numbered_from_one_without_gaps_or_repeats()
    {
        Assert.NotEmpty(_migrations);
        Assert.Equal(
            Enumerable.Range(1, _migrations.Count),
            _migrations.Select(migration => migration.Version).Order());
    }

    [Fact]
    public void Every_embedded_migration_has_a_script_and_a_sha256_checksum()
    {
        Assert.All(_migrations, migration =>
        {
            Assert.False(string.IsNullOrWhiteSpace(migration.Sql));
            Assert.Matches(new Regex("^[0-9a-f]{64}$"), migration.Checksum);
        });
    }

    // 0001 has been applied to real databases, which recorded this checksum; a build whose file
    // differs is refused by every one of them. Put schema changes in a new migration instead.
    [Fact]
    public void The_initial_schema_is_unchanged()
    {
        var initial = Assert.Single(_migrations, migration => migration.Version == 1);

        Assert.Equal("initial_schema", initial.Name);
        Assert.Equal("8e7fd5a8f3781e336e012c9bb6a1afa6a69489b6aacae86aad242acfc385dd93", initial.Checksum);
    }
}
