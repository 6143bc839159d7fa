using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace TestSupport.Proxies;

// A SOCKS5 proxy (RFC 1928) that accepts only the user name/password method (RFC 1929) with
// its credentials, and the CONNECT command.
public sealed class Socks5ProxyStandIn(string username, string password) : ProxyStandIn(username, password)
{
    private const byte Version = 5;
    private const byte UserPasswordMethod = 2;
    private const byte NoAcceptableMethod = 0xFF;

    protected override async Task ServeAsync(NetworkStream client, CancellationToken cancellationToken)
    {
        var greeting = await ReadAsync(client, 2, cancellationToken);
        var methods = await ReadAsync(client, greeting[1], cancellationToken);
        if (greeting[0] != Version || !methods.Contains(UserPasswordMethod))
        {
            CountRefused();
            await client.WriteAsync(new byte[] { Version, NoAcceptableMethod }, cancellationToken);
            return;
        }

        await client.WriteAsync(new byte[] { Version, UserPasswordMethod }, cancellationToken);
        var authVersion = await ReadAsync(client, 2, cancellationToken);
        var user = Encoding.UTF8.GetString(await ReadAsync(client, authVersion[1], cancellationToken));
        var passLength = await ReadAsync(client, 1, cancellationToken);
        var pass = Encoding.UTF8.GetString(await ReadAsync(client, passLength[0], cancellationToken));
        if (!Accepts(user, pass))
        {
            CountRefused();
            await client.WriteAsync(new byte[] { 1, 1 }, cancellationToken);
            return;
        }

        await client.WriteAsync(new byte[] { 1, 0 }, cancellationToken);
        var request = await ReadAsync(client, 4, cancellationToken);
        var host = request[3] switch
        {
            1 => new IPAddress(await ReadAsync(client, 4, cancellationToken)).ToString(),
            3 => Encoding.ASCII.GetString(await ReadAsync(client, (await ReadAsync(client, 1, cancellationToken))[0], cancellationToken)),
            4 => new IPAddress(await ReadAsync(client, 16, cancellationToken)).ToString(),
            _ => throw new IOException("Unknown SOCKS5 address type."),
        };
        var port = BinaryPrimitives.ReadUInt16BigEndian(await ReadAsync(client, 2, cancellationToken));
        if (request[1] != 1)
        {
            await client.WriteAsync(new byte[] { Version, 7, 0, 1, 0, 0, 0, 0, 0, 0 }, cancellationToken);
            return;
        }

        CountAdmitted();
        await client.WriteAsync(new byte[] { Version, 0, 0, 1, 0, 0, 0, 0, 0, 0 }, cancellationToken);
        await RelayAsync(client, host, port, ReadOnlyMemory<byte>.Empty, cancellationToken);
    }

    private static async Task<byte[]> ReadAsync(NetworkStream client, int count, CancellationToken cancellationToken)
    {
        var buffer = new byte[count];
        await client.ReadExactlyAsync(buffer, cancellationToken);
        return buffer;
    }
}
