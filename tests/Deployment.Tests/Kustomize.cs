using System.Diagnostics;

namespace Deployment.Tests;

// Renders a kustomization the way `kubectl apply -k` would, offline. kubectl comes from PATH,
// or from KUBECTL (test.sh points it at the one scripts/test-infrastructure.sh installed).
internal static class Kustomize
{
    public static string Kubectl => Environment.GetEnvironmentVariable("KUBECTL") is { Length: > 0 } path ? path : "kubectl";

    public static async Task<string> BuildAsync(string directory)
    {
        var start = new ProcessStartInfo(Kubectl)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add("kustomize");
        start.ArgumentList.Add(directory);

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{Kubectl} did not start.");
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{Kubectl} kustomize {directory} exited with {process.ExitCode}:\n{await errors}");
        }

        return await output;
    }
}
