namespace Benchmarks;

// Sequential calls: the median and 99th percentile of their durations, and what one cost.
internal sealed record Latency(double P50, double P99, OperationCost Cost)
{
    public static Latency Of(double[] samples, OperationCost cost)
    {
        Array.Sort(samples);
        return new Latency(samples[samples.Length / 2], samples[(int)(samples.Length * 0.99)], cost);
    }
}
