namespace Aspire.Hosting.ApplicationModel;

/// <summary>The states a resource goes through, with Aspire's names.</summary>
public static class KnownResourceStates
{
    public const string NotStarted = nameof(NotStarted);
    public const string Waiting = nameof(Waiting);
    public const string Starting = nameof(Starting);
    public const string Running = nameof(Running);
    public const string Stopping = nameof(Stopping);

    /// <summary>Exited with code 0.</summary>
    public const string Finished = nameof(Finished);

    /// <summary>Exited with another code, or was killed.</summary>
    public const string Exited = nameof(Exited);

    public const string FailedToStart = nameof(FailedToStart);

    /// <summary>States a resource does not leave by itself.</summary>
    public static IReadOnlyList<string> TerminalStates { get; } = [Finished, Exited, FailedToStart];

    public static bool IsTerminal(string? state) => state is not null && TerminalStates.Contains(state);
}
