using DataService.Monitoring;

namespace DataService.Tests.Monitoring;

public sealed class StatementNormalizerTests
{
    [Theory]
    [InlineData("SELECT * FROM t WHERE name = 'O''Brien' AND age > 42", "SELECT * FROM t WHERE name = ? AND age > ?")]
    [InlineData("SELECT 1.5, .5, 1e-3, 0x1F, -7", "SELECT ?, ?, ?, ?, -?")]
    [InlineData("SELECT E'it\\'s', B'101', X'FF'", "SELECT ?, ?, ?")]
    [InlineData("SELECT $$a 'quoted' body$$, $fn$x$fn$", "SELECT ?, ?")]
    [InlineData("UPDATE t SET a = $1 WHERE id = @id AND v = $12", "UPDATE t SET a = $1 WHERE id = @id AND v = $12")]
    [InlineData("SELECT t0.col1, \"Column 2\" FROM table3 AS t0", "SELECT t0.col1, \"Column 2\" FROM table3 AS t0")]
    [InlineData("SELECT x::int4, y::varchar(20) FROM t", "SELECT x::int4, y::varchar(?) FROM t")]
    [InlineData("SELECT a\n  FROM   t -- why\n WHERE /* note */ b = 1", "SELECT a FROM t WHERE b = ?")]
    public void Literals_become_placeholders_and_the_rest_stays(string sql, string expected) =>
        Assert.Equal(expected, StatementNormalizer.Normalize(sql));

    [Theory]
    [InlineData("SELECT * FROM t WHERE id IN (1, 2, 3)", "SELECT * FROM t WHERE id IN (...)")]
    [InlineData("SELECT * FROM t WHERE id in ($1,$2)", "SELECT * FROM t WHERE id in (...)")]
    [InlineData("SELECT * FROM t WHERE id IN ('a')", "SELECT * FROM t WHERE id IN (...)")]
    [InlineData("INSERT INTO t (a, b) VALUES (1, 'x'), (2, 'y'), (3, 'z')", "INSERT INTO t (a, b) VALUES (?, ?), ...")]
    [InlineData("INSERT INTO t (a, b) VALUES ($1, $2), ($3, $4)", "INSERT INTO t (a, b) VALUES ($1, $2), ...")]
    [InlineData("INSERT INTO t (a, b) VALUES ($1, $2)", "INSERT INTO t (a, b) VALUES ($1, $2)")]
    public void Lists_of_values_collapse(string sql, string expected) =>
        Assert.Equal(expected, StatementNormalizer.Normalize(sql));

    [Fact]
    public void Very_long_statements_are_cut()
    {
        var sql = "SELECT " + string.Join(", ", Enumerable.Range(0, 2000).Select(i => $"column_{i}")) + " FROM t";

        Assert.Equal(StatementNormalizer.MaxLength, StatementNormalizer.Normalize(sql).Length);
    }
}
