namespace Aspire.Hosting.ApplicationModel;

/// <summary>Names of the <see cref="ResourcePropertySnapshot"/>s the orchestrator reports.</summary>
public static class KnownProperties
{
    public static class Executable
    {
        /// <summary>The process id of the resource's main process.</summary>
        public const string Pid = "executable.pid";
    }
}
