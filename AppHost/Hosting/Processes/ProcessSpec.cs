namespace AppHost.Hosting.Processes;

/// <summary>How to run one process of a resource.</summary>
internal sealed record ProcessSpec(string FileName, IReadOnlyList<string> Arguments)
{
    public string? WorkingDirectory { get; init; }

    /// <summary>Added to the AppHost's own environment; a null value removes the variable.</summary>
    public IReadOnlyDictionary<string, string?> Environment { get; init; } = new Dictionary<string, string?>();

    /// <summary>The account to run as, if not the AppHost's.</summary>
    public string? UserName { get; init; }

    /// <summary>Written to the process's standard input, which is then closed. Secrets passed this way stay out of the process list.</summary>
    public string? StandardInput { get; init; }

    public UnixSignal StopSignal { get; init; } = UnixSignal.Terminate;

    /// <summary>A directory that belongs to this run only and is deleted once the process has exited.</summary>
    public string? ThrowawayDirectory { get; init; }
}
