using System.Diagnostics;

namespace Benchmarks;

// What a measured stretch cost this process: CPU time (every thread, user and system) and
// managed allocations, per operation. On a shared machine both vary far less with the load
// than elapsed time does, so they compare two runs that the clock cannot.
internal sealed class CostMeter
{
    private readonly TimeSpan _cpu;
    private readonly long _allocated;

    private CostMeter()
    {
        _cpu = Process.GetCurrentProcess().TotalProcessorTime;
        _allocated = GC.GetTotalAllocatedBytes(precise: true);
    }

    public static CostMeter Start() => new();

    public OperationCost PerOperation(long operations)
    {
        var cpu = Process.GetCurrentProcess().TotalProcessorTime - _cpu;
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - _allocated;
        return new OperationCost(cpu.TotalMicroseconds / operations, (double)allocated / operations);
    }
}

internal readonly record struct OperationCost(double CpuMicroseconds, double AllocatedBytes)
{
    public override string ToString() => $"{CpuMicroseconds,7:0.0} us CPU {AllocatedBytes,7:N0} B";
}
