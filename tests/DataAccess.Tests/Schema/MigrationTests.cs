using System.Text;
using DataAccess.Postgres.Schema;

namespace DataAccess.Tests.Schema;

public sealed class MigrationTests
{
    [Fact]
    public void The_checksum_is_the_sha256_of_the_script_bytes()
    {
        var migration = Migration.FromScript(1, "select_one", Encoding.UTF8.GetBytes("SELECT 1;"));

        Assert.Equal("17db4fd369edb9244b9f91d9aeed145c3d04ad8ba6e95d06247f07a63527d11a", migration.Checksum);
    }

    [Fact]
    public void A_byte_order_mark_is_left_out_of_the_sql_but_counted_in_the_checksum()
    {
        var withMark = Migration.FromScript(1, "select_one", [.. Encoding.UTF8.Preamble, .. Encoding.UTF8.GetBytes("SELECT 1;")]);
        var withoutMark = Migration.FromScript(1, "select_one", Encoding.UTF8.GetBytes("SELECT 1;"));

        Assert.Equal("SELECT 1;", withMark.Sql);
        Assert.NotEqual(withoutMark.Checksum, withMark.Checksum);
    }

    [Fact]
    public void The_display_name_is_the_file_name_without_extension()
    {
        Assert.Equal("0012_add_index", TestMigrations.Script(12, "add_index", "SELECT 1").DisplayName);
    }
}
