using System.Diagnostics;
using System.Reflection;
using System.Text;

namespace AppHost.Tests.Support;

// `dotnet run --project AppHost` as the README gives it, on the build the tests run against.
public sealed class AppHostCommand : IDisposable
{
    private readonly StringBuilder _output = new();
    private readonly Process _process;

    private AppHostCommand(Process process)
    {
        _process = process;
        _process.OutputDataReceived += (_, line) => Append(line.Data);
        _process.ErrorDataReceived += (_, line) => Append(line.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public int ProcessId => _process.Id;

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public static AppHostCommand Start(IReadOnlyDictionary<string, string> environment, params string[] arguments)
    {
        var configuration = typeof(AppHostCommand).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = RepositoryRoot(),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in (string[])["run", "--project", "AppHost", "--no-build", "--configuration", configuration, "--", .. arguments])
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        return new AppHostCommand(Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start."));
    }

    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var giveUp = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(giveUp.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"The AppHost did not exit within {timeout}. Its output:{Environment.NewLine}{Output}");
        }

        return _process.ExitCode;
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.Dispose();
    }

    // Projects.AppHost knows where the AppHost project is; the repository is the folder above it.
    private static string RepositoryRoot()
    {
        var project = Projects.AppHost.ProjectPath;
        return Path.GetDirectoryName(Directory.Exists(project) ? project : Path.GetDirectoryName(project))!;
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }
}
