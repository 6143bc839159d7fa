namespace Aspire.Hosting.ApplicationModel;

/// <summary>
/// Adds environment variables to a resource's process. The callbacks run in the order they were
/// added, just before the process starts, so a later one overrides an earlier one.
/// </summary>
public sealed class EnvironmentCallbackAnnotation(Func<EnvironmentCallbackContext, Task> callback) : IResourceAnnotation
{
    public EnvironmentCallbackAnnotation(string name, Func<string> value)
        : this(context =>
        {
            context.EnvironmentVariables[name] = value();
            return Task.CompletedTask;
        })
    {
    }

    public Func<EnvironmentCallbackContext, Task> Callback { get; } = callback;
}
