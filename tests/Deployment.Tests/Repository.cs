namespace Deployment.Tests;

// Paths in the repository the tests run from.
internal static class Repository
{
    public static string Root { get; } = FindRoot();

    public static string Deploy => Path.Combine(Root, "deploy");

    // deploy/overlays/*: every overlay is rendered and checked, including ones added later.
    public static IEnumerable<string> Overlays() =>
        Directory.GetDirectories(Path.Combine(Deploy, "overlays")).Select(Path.GetFileName).Order()!;

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "DistributedApp.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No DistributedApp.sln above {AppContext.BaseDirectory}.");
    }
}
