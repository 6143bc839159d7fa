namespace ServiceDefaults.Http.ServiceDiscovery;

// Spreads successive calls over the replicas of one endpoint.
internal sealed class RoundRobin
{
    private int _counter = -1;

    public T Next<T>(IReadOnlyList<T> items)
    {
        // The counter wraps to negative after int.MaxValue calls; as unsigned it keeps counting.
        var turn = (uint)Interlocked.Increment(ref _counter);
        return items[(int)(turn % (uint)items.Count)];
    }
}
