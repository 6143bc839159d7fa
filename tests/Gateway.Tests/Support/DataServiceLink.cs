using System.Net.Sockets;

namespace Gateway.Tests.Support;

// The gateway's connection to the in-memory DataService. While the environment says the
// DataService is down, every call fails the way an unreachable DataService does (a refused
// connection), to show that usage waits and is delivered once it is back.
public sealed class DataServiceLink(HttpMessageHandler connection, Func<bool> isDown) : DelegatingHandler(connection)
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
        isDown()
            ? throw new HttpRequestException("The DataService is down.", new SocketException((int)SocketError.ConnectionRefused))
            : base.SendAsync(request, cancellationToken);
}
