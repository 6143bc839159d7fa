using System.Diagnostics;
using Aspire.Hosting;
using Microsoft.Extensions.Logging;

namespace AppHost.Hosting.Processes;

/// <summary>
/// One running process of a resource. It gets a session of its own (setsid), so a Ctrl+C in the
/// terminal reaches only the AppHost, which then stops the resources in order. Every line the
/// process writes goes to the resource's logger.
/// </summary>
internal sealed class ResourceProcess
{
    private readonly Process _process;
    private readonly ProcessSpec _spec;
    private readonly ILogger _logger;

    private ResourceProcess(Process process, ProcessSpec spec, ILogger logger)
    {
        _process = process;
        _spec = spec;
        _logger = logger;
        Exited = WaitForExitAsync();
    }

    public int Id => _process.Id;

    /// <summary>Completes with the exit code once the process has exited.</summary>
    public Task<int> Exited { get; }

    public static ResourceProcess Start(ProcessSpec spec, ILogger logger)
    {
        var start = new ProcessStartInfo("setsid")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = spec.WorkingDirectory ?? "",
            UserName = spec.UserName ?? "",
        };
        start.ArgumentList.Add(spec.FileName);
        foreach (var argument in spec.Arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in spec.Environment)
        {
            if (value is null)
            {
                start.Environment.Remove(name);
            }
            else
            {
                start.Environment[name] = value;
            }
        }

        var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, line) => WriteLine(logger, line.Data);
        process.ErrorDataReceived += (_, line) => WriteLine(logger, line.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (spec.StandardInput is not null)
        {
            process.StandardInput.Write(spec.StandardInput);
        }

        process.StandardInput.Close();
        return new ResourceProcess(process, spec, logger);
    }

    /// <summary>Runs a one-off command (an installer, initdb) to its end; throws unless it exits with 0.</summary>
    public static async Task RunToCompletionAsync(ProcessSpec spec, ILogger logger, CancellationToken cancellationToken)
    {
        var process = Start(spec, logger);
        int exitCode;
        try
        {
            exitCode = await process.Exited.WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            process.Kill();
            throw;
        }

        if (exitCode != 0)
        {
            throw new DistributedApplicationException($"{Path.GetFileName(spec.FileName)} exited with code {exitCode}.");
        }
    }

    /// <summary>Sends the stop signal, and kills the process tree if it has not exited within <paramref name="gracePeriod"/>.</summary>
    public async Task StopAsync(TimeSpan gracePeriod)
    {
        if (Exited.IsCompleted)
        {
            return;
        }

        try
        {
            UnixSignals.Send(Id, _spec.StopSignal);
            await Exited.WaitAsync(gracePeriod);
        }
        catch (TimeoutException)
        {
            HostingLog.KilledAfterGracePeriod(_logger, gracePeriod.TotalSeconds);
            Kill();
            await Exited;
        }
    }

    private void Kill()
    {
        try
        {
            _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // It exited in the meantime.
        }
    }

    private async Task<int> WaitForExitAsync()
    {
        await _process.WaitForExitAsync();
        var exitCode = _process.ExitCode;
        _process.Dispose();
        DeleteThrowawayDirectory();
        return exitCode;
    }

    private void DeleteThrowawayDirectory()
    {
        if (_spec.ThrowawayDirectory is { } directory && Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static void WriteLine(ILogger logger, string? line)
    {
        if (line is not null)
        {
            HostingLog.Output(logger, line);
        }
    }
}
