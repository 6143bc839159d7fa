namespace ServiceDefaults.Tests.Http.Resilience;

// Sits between the resilience handler and the network and counts the attempts that pass,
// including those that never reach a server.
internal sealed class AttemptCounter
{
    private int _attempts;

    public int Attempts => Volatile.Read(ref _attempts);

    public DelegatingHandler CreateHandler() => new CountingHandler(this);

    private sealed class CountingHandler(AttemptCounter counter) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref counter._attempts);
            return base.SendAsync(request, cancellationToken);
        }
    }
}
