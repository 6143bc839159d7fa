namespace Aspire.Hosting.ApplicationModel;

public enum WaitType
{
    /// <summary>Until the dependency is running and healthy.</summary>
    WaitUntilHealthy,

    /// <summary>Until the dependency has exited with the expected code.</summary>
    WaitForCompletion,
}
