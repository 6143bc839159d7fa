using System.Net;
using System.Net.Sockets;
using Npgsql;
using TestSupport;

namespace ServiceDefaults.Tests.Npgsql;

// A loopback port nothing listens on: the operating system hands out a free one, and the
// listener that reserved it is closed again before the test connects.
internal static class UnusedPort
{
    public static string PostgresConnectionString()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();

        return new NpgsqlConnectionStringBuilder(TestServers.Postgres) { Host = "127.0.0.1", Port = port, Timeout = 3 }
            .ConnectionString;
    }
}
