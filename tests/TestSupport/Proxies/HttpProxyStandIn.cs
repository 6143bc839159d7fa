using System.Net.Sockets;
using System.Text;

namespace TestSupport.Proxies;

// An HTTP proxy requiring Basic credentials in Proxy-Authorization: a CONNECT request opens a
// tunnel; a request in absolute form (http://host:port/path) is forwarded in origin form with
// Connection: close, so the target closes after its answer and every request comes on a new
// connection with its own credentials. Without valid credentials the answer is 407 and the
// connection closes.
public sealed class HttpProxyStandIn(string username, string password) : ProxyStandIn(username, password)
{
    private const int MaxHead = 64 * 1024;

    protected override async Task ServeAsync(NetworkStream client, CancellationToken cancellationToken)
    {
        var (head, rest) = await ReadHeadAsync(client, cancellationToken);
        var lines = head.Split("\r\n");
        var requestLine = lines[0].Split(' ');
        if (requestLine.Length != 3)
        {
            return;
        }

        var (method, target) = (requestLine[0], requestLine[1]);
        var headers = lines.Skip(1).Where(line => line.Contains(':', StringComparison.Ordinal)).ToList();
        if (!Authorized(headers))
        {
            CountRefused();
            await client.WriteAsync(Encoding.ASCII.GetBytes(
                "HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm=\"stand-in\"\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"), cancellationToken);
            return;
        }

        CountAdmitted();
        if (method == "CONNECT")
        {
            var separator = target.LastIndexOf(':');
            await client.WriteAsync(Encoding.ASCII.GetBytes("HTTP/1.1 200 Connection established\r\n\r\n"), cancellationToken);
            await RelayAsync(client, target[..separator], int.Parse(target[(separator + 1)..], System.Globalization.CultureInfo.InvariantCulture), rest, cancellationToken);
            return;
        }

        var uri = new Uri(target);
        var forwarded = new StringBuilder($"{method} {uri.PathAndQuery} {requestLine[2]}\r\n");
        foreach (var header in headers.Where(header => !header.StartsWith("Proxy-", StringComparison.OrdinalIgnoreCase) && !header.StartsWith("Connection:", StringComparison.OrdinalIgnoreCase)))
        {
            forwarded.Append(header).Append("\r\n");
        }

        forwarded.Append("Connection: close\r\n\r\n");
        byte[] initial = [.. Encoding.ASCII.GetBytes(forwarded.ToString()), .. rest.Span];
        await RelayAsync(client, uri.Host, uri.Port, initial, cancellationToken);
    }

    private bool Authorized(IEnumerable<string> headers)
    {
        var value = headers
            .Where(header => header.StartsWith("Proxy-Authorization:", StringComparison.OrdinalIgnoreCase))
            .Select(header => header["Proxy-Authorization:".Length..].Trim())
            .FirstOrDefault();
        if (value is null || !value.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var credentials = Encoding.UTF8.GetString(Convert.FromBase64String(value[6..].Trim()));
        var colon = credentials.IndexOf(':');
        return colon > 0 && Accepts(credentials[..colon], credentials[(colon + 1)..]);
    }

    // The request head (up to the blank line) and whatever was read past it.
    private static async Task<(string Head, ReadOnlyMemory<byte> Remainder)> ReadHeadAsync(NetworkStream client, CancellationToken cancellationToken)
    {
        var buffer = new byte[MaxHead];
        var length = 0;
        while (true)
        {
            var read = await client.ReadAsync(buffer.AsMemory(length), cancellationToken);
            if (read == 0)
            {
                throw new IOException("The client closed the connection before its request head ended.");
            }

            length += read;
            var end = buffer.AsSpan(0, length).IndexOf("\r\n\r\n"u8);
            if (end >= 0)
            {
                return (Encoding.ASCII.GetString(buffer, 0, end), buffer.AsMemory(end + 4, length - end - 4));
            }

            if (length == buffer.Length)
            {
                throw new IOException("The request head is too large.");
            }
        }
    }
}
