namespace AppHost.Tests.Support;

// Processes as /proc shows them, to find what the AppHost started and check that stopping it
// left none behind.
public static class ProcessTree
{
    // The process and all its descendants that exist now.
    public static IReadOnlyList<int> Of(int processId)
    {
        var children = AllProcesses().ToLookup(p => p.ParentId, p => p.Id);
        var tree = new List<int> { processId };
        for (var i = 0; i < tree.Count; i++)
        {
            tree.AddRange(children[tree[i]]);
        }

        return tree;
    }

    // DCP detaches from the AppHost and watches it with --monitor {pid}; what it runs descends from it.
    public static IReadOnlyList<int> OfAppHost(int appHostId) =>
        [.. Of(appHostId), .. AllProcesses().Where(p => CommandLine(p.Id).Contains($"--monitor {appHostId} ", StringComparison.Ordinal)).SelectMany(p => Of(p.Id))];

    public static int ChildRunning(int parentId, string program) =>
        AllProcesses().Where(p => p.ParentId == parentId).Select(p => p.Id)
            .FirstOrDefault(id => Path.GetFileName(CommandLine(id).Split(' ')[0]) == program);

    // A zombie has exited; only its parent has yet to collect the exit code.
    public static bool IsAlive(int processId)
    {
        try
        {
            return State(File.ReadAllText($"/proc/{processId}/stat")) != "Z";
        }
        catch (IOException)
        {
            return false;
        }
    }

    public static string CommandLine(int processId)
    {
        try
        {
            return File.ReadAllText($"/proc/{processId}/cmdline").Replace('\0', ' ');
        }
        catch (IOException)
        {
            return "";
        }
    }

    private static IEnumerable<(int Id, int ParentId)> AllProcesses()
    {
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), out var id))
            {
                continue;
            }

            string stat;
            try
            {
                stat = File.ReadAllText(Path.Combine(directory, "stat"));
            }
            catch (IOException)
            {
                continue;
            }

            yield return (id, int.Parse(AfterCommand(stat)[1]));
        }
    }

    private static string State(string stat) => AfterCommand(stat)[0];

    // /proc/{pid}/stat is "pid (command) state ppid ..."; the command may contain spaces and parentheses.
    private static string[] AfterCommand(string stat) => stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
}
