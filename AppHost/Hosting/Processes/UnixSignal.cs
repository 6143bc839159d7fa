using System.ComponentModel;
using System.Runtime.InteropServices;

namespace AppHost.Hosting.Processes;

/// <summary>The signals the AppHost stops its processes with.</summary>
internal enum UnixSignal
{
    /// <summary>SIGINT: PostgreSQL's fast shutdown.</summary>
    Interrupt = 2,

    /// <summary>SIGTERM: a graceful stop for .NET hosts and redis-server.</summary>
    Terminate = 15,
}

internal static partial class UnixSignals
{
    // Process.Kill can only send SIGKILL, which gives no chance to shut down cleanly.
    public static void Send(int processId, UnixSignal signal)
    {
        if (Kill(processId, (int)signal) != 0)
        {
            throw new Win32Exception(Marshal.GetLastPInvokeError());
        }
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int processId, int signal);
}
