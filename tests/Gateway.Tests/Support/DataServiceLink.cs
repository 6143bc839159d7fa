using System.Collections.Concurrent;
using System.Net.Sockets;

namespace Gateway.Tests.Support;

// The gateway's connection to the in-memory DataService. While the link is down, every call
// fails the way an unreachable DataService does (a refused connection), to show that usage
// waits and is delivered once it is back. It remembers what was asked, and it can hold the
// DataService's answers on the way back, as a slow network would.
public sealed class DataServiceLink(HttpMessageHandler connection, DataServiceTraffic traffic) : DelegatingHandler(connection)
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (traffic.IsDown)
        {
            throw new HttpRequestException("The DataService is down.", new SocketException((int)SocketError.ConnectionRefused));
        }

        traffic.Calls.Enqueue(request.RequestUri!.AbsolutePath);
        var response = await base.SendAsync(request, cancellationToken);
        if (traffic.HeldAnswers is { } held)
        {
            await held.Task.WaitAsync(cancellationToken);
        }

        return response;
    }
}

// What the gateways of one environment send to the DataService, shared by their links.
public sealed class DataServiceTraffic
{
    public volatile bool IsDown;

    public ConcurrentQueue<string> Calls { get; } = new();

    // Answers already given by the DataService wait for this before they reach the gateway.
    public TaskCompletionSource? HeldAnswers { get; set; }

    public int CallsTo(string pathSuffix) => Calls.Count(path => path.EndsWith(pathSuffix, StringComparison.Ordinal));
}
