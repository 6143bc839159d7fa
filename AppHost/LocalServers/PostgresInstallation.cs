namespace AppHost.LocalServers;

/// <summary>The PostgreSQL server programs from Debian's packages: the newest version under /usr/lib/postgresql.</summary>
internal static class PostgresInstallation
{
    private const string Root = "/usr/lib/postgresql";

    public static string BinDirectory()
    {
        var newest = System.IO.Directory.Exists(Root)
            ? System.IO.Directory.GetDirectories(Root)
                .Where(version => File.Exists(Path.Combine(version, "bin", "postgres")))
                .MaxBy(version => int.TryParse(Path.GetFileName(version), out var major) ? major : 0)
            : null;
        return newest is null
            ? throw new DistributedApplicationException(
                $"No PostgreSQL server under {Root}: install it (apt-get install postgresql-15), run with Docker or Podman, or set ConnectionStrings__postgres.")
            : Path.Combine(newest, "bin");
    }
}
