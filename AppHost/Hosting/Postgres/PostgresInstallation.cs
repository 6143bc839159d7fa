using Aspire.Hosting;

namespace AppHost.Hosting.Postgres;

/// <summary>The PostgreSQL server programs installed from Debian's packages: the newest version under /usr/lib/postgresql.</summary>
internal static class PostgresInstallation
{
    private const string Root = "/usr/lib/postgresql";

    public static string BinDirectory()
    {
        var newest = Directory.Exists(Root)
            ? Directory.GetDirectories(Root)
                .Where(version => File.Exists(Path.Combine(version, "bin", "postgres")))
                .MaxBy(version => int.TryParse(Path.GetFileName(version), out var major) ? major : 0)
            : null;
        return newest is null
            ? throw new DistributedApplicationException($"No PostgreSQL server under {Root}: install it with 'apt-get install postgresql-15'.")
            : Path.Combine(newest, "bin");
    }
}
