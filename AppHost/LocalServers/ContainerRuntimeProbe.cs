using System.Diagnostics;
using Microsoft.Extensions.Configuration;

namespace AppHost.LocalServers;

/// <summary>
/// Whether a container engine answers, asked the way Aspire's own check asks it
/// (<c>{runtime} container ls -n 1</c>): the runtime Aspire is configured with
/// (ASPIRE_CONTAINER_RUNTIME), else Docker, else Podman. A CLI without a running engine
/// (this project's build machines have a docker CLI and no daemon) is not healthy.
/// </summary>
internal static class ContainerRuntimeProbe
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(10);

    public static bool IsHealthy(IConfiguration configuration)
    {
        string[] runtimes = configuration["ASPIRE_CONTAINER_RUNTIME"] is { Length: > 0 } configured ? [configured] : ["docker", "podman"];
        return runtimes.Any(Answers);
    }

    private static bool Answers(string runtime)
    {
        if (ExecutableSearch.Find(runtime) is not { } path)
        {
            return false;
        }

        var start = new ProcessStartInfo(path, ["container", "ls", "-n", "1"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start);
        if (process is null)
        {
            return false;
        }

        process.StandardOutput.ReadToEndAsync();
        process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(s_timeout))
        {
            process.Kill(entireProcessTree: true);
            return false;
        }

        return process.ExitCode == 0;
    }
}
