using System.Net;
using System.Net.Sockets;
using Aspire.Hosting.ApplicationModel;

namespace AppHost.Hosting.Orchestration;

/// <summary>Gives every endpoint without a fixed port a free loopback port, when the app starts.</summary>
internal static class EndpointAllocator
{
    private const string Host = "localhost";

    public static void AllocateAll(IEnumerable<IResource> resources)
    {
        var taken = new HashSet<int>();
        foreach (var endpoint in resources.SelectMany(r => r.GetEndpoints()))
        {
            var port = endpoint.Port ?? FreePort(taken);
            taken.Add(port);
            endpoint.AllocatedEndpoint = new AllocatedEndpoint(endpoint.UriScheme, Host, port);
        }
    }

    // The system picks a port nobody listens on; a port picked for another endpoint a moment
    // ago is free again by now, so those are skipped.
    private static int FreePort(HashSet<int> taken)
    {
        while (true)
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            var port = ((IPEndPoint)listener.LocalEndpoint).Port;
            if (!taken.Contains(port))
            {
                return port;
            }
        }
    }
}
