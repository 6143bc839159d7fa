namespace Aspire.Hosting.ApplicationModel;

/// <summary>What an <see cref="EnvironmentCallbackAnnotation"/> adds to.</summary>
public sealed class EnvironmentCallbackContext(Dictionary<string, string> environmentVariables, CancellationToken cancellationToken)
{
    public Dictionary<string, string> EnvironmentVariables { get; } = environmentVariables;

    public CancellationToken CancellationToken { get; } = cancellationToken;
}
