using DataAccess.Postgres.Schema;

namespace DataAccess.Tests.Schema;

public sealed class MigrationSequenceTests
{
    [Fact]
    public void Orders_migrations_by_version()
    {
        var ordered = MigrationSequence.InOrder([Script(3), Script(1), Script(2)]);

        Assert.Equal([1, 2, 3], ordered.Select(migration => migration.Version));
    }

    [Fact]
    public void An_empty_set_is_valid()
    {
        Assert.Empty(MigrationSequence.InOrder([]));
    }

    [Fact]
    public void A_gap_is_refused()
    {
        var error = Assert.Throws<InvalidOperationException>(() => MigrationSequence.InOrder([Script(1), Script(2), Script(4)]));

        Assert.Contains("version 3 is missing before 0004_step_4", error.Message);
    }

    [Fact]
    public void A_repeated_version_is_refused()
    {
        var twin = TestMigrations.Script(2, "other_step", "SELECT 2");

        var error = Assert.Throws<InvalidOperationException>(() => MigrationSequence.InOrder([Script(1), Script(2), twin]));

        Assert.Matches("version 2 is used by both 0002_(step_2|other_step) and 0002_(step_2|other_step)", error.Message);
    }

    [Fact]
    public void A_set_that_does_not_start_at_one_is_refused()
    {
        var error = Assert.Throws<InvalidOperationException>(() => MigrationSequence.InOrder([Script(2), Script(3)]));

        Assert.Contains("version 1 is missing before 0002_step_2", error.Message);
    }

    private static Migration Script(int version) => TestMigrations.Script(version, $"step_{version}", $"SELECT {version}");
}
