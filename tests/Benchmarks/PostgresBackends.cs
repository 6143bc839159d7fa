namespace Benchmarks;

// The processor time of the PostgreSQL server processes serving one database (a backend per
// connection, named "postgres: <cluster>: <user> <database> ..."), read from /proc, so the
// benchmark can show what the usage it records costs the database too. A backend whose
// connection closed keeps counting with the time it was last seen with, so the total never
// falls.
internal sealed class PostgresBackends(string database)
{
    // USER_HZ, the unit of /proc/<pid>/stat times on Linux.
    private const double ClockTicksPerSecond = 100;

    private readonly Dictionary<int, long> _ticksByProcess = [];

    public TimeSpan ProcessorTime()
    {
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            try
            {
                if (!int.TryParse(Path.GetFileName(directory), out var processId)
                    || !File.ReadAllText(Path.Combine(directory, "cmdline")).Contains($" {database} ", StringComparison.Ordinal))
                {
                    continue;
                }

                // Fields 14 and 15 of stat (user and system time in clock ticks), after the
                // command name in parentheses.
                var stat = File.ReadAllText(Path.Combine(directory, "stat"));
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                _ticksByProcess[processId] = long.Parse(fields[11]) + long.Parse(fields[12]);
            }
            catch (IOException)
            {
                // The process ended meanwhile.
            }
            catch (UnauthorizedAccessException)
            {
            }
        }

        return TimeSpan.FromSeconds(_ticksByProcess.Values.Sum() / ClockTicksPerSecond);
    }
}
