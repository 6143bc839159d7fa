using System.Diagnostics;
using System.Security.Cryptography;

namespace Gateway.Tests.Clients;

// The npm clients of Clients/package.json (versions pinned by its lock file), installed with
// `npm ci` once per lock-file content under .artifacts/tools in the repository: a fresh machine
// installs them on the first run (the npm registry must be reachable), later runs reuse them.
public static class NodeClients
{
    private static readonly Lazy<Task<string>> Installation = new(InstallAsync);

    public static string Scripts => Path.Combine(AppContext.BaseDirectory, "Clients");

    // The directory whose node_modules holds the installed packages.
    public static Task<string> InstalledAsync() => Installation.Value;

    public static async Task<ClientRun> RunAsync(string program, IEnumerable<string> arguments, IReadOnlyDictionary<string, string> environment, string? workingDirectory = null)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = workingDirectory ?? AppContext.BaseDirectory,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // A client takes its endpoint and credentials only from what the test sets.
        foreach (var inherited in start.Environment.Keys.Where(name => name.StartsWith("ANTHROPIC_", StringComparison.Ordinal) || name.StartsWith("CLAUDE", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(inherited);
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {program}.");
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} did not finish within 5 minutes: {await error}");
        }

        return new ClientRun(process.ExitCode, await output, await error);
    }

    private static async Task<string> InstallAsync()
    {
        var lockFile = Path.Combine(Scripts, "package-lock.json");
        var version = Convert.ToHexStringLower(SHA256.HashData(await File.ReadAllBytesAsync(lockFile)))[..16];
        var tools = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../../../../.artifacts/tools/gateway-clients"));
        var installed = Path.Combine(tools, version);
        if (Directory.Exists(installed))
        {
            return installed;
        }

        // Installed beside the target and moved into place whole, so a run that stops midway
        // or runs at the same time never leaves a half-installed directory behind that name.
        var staging = Path.Combine(tools, $"{version}.{Guid.NewGuid():N}.partial");
        Directory.CreateDirectory(staging);
        File.Copy(Path.Combine(Scripts, "package.json"), Path.Combine(staging, "package.json"));
        File.Copy(lockFile, Path.Combine(staging, "package-lock.json"));
        var install = await RunAsync("npm", ["ci", "--no-audit", "--no-fund"], new Dictionary<string, string>(), staging);
        if (install.ExitCode != 0)
        {
            Directory.Delete(staging, recursive: true);
            throw new InvalidOperationException($"npm ci failed ({install.ExitCode}): {install.Error}");
        }

        try
        {
            Directory.Move(staging, installed);
        }
        catch (IOException) when (Directory.Exists(installed))
        {
            Directory.Delete(staging, recursive: true);
        }

        return installed;
    }
}

public sealed record ClientRun(int ExitCode, string Output, string Error)
{
    public string Describe() => $"exit code {ExitCode}; stdout: {Output}; stderr: {Error}";
}
