using System.Text;
using DataAccess.Postgres.Schema;

namespace DataAccess.Tests.Schema;

// Small migration sets written in the test, so the migrator's rules can be tried without the
// real migration files.
internal sealed class TestMigrations(params Migration[] migrations) : IMigrationSource
{
    public IReadOnlyList<Migration> LoadMigrations() => migrations;

    public static Migration Script(int version, string name, string sql) =>
        Migration.FromScript(version, name, Encoding.UTF8.GetBytes(sql));
}
