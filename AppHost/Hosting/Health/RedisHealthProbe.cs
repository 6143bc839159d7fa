using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace AppHost.Hosting.Health;

/// <summary>Authenticates and sends PING over the Redis protocol, expecting PONG.</summary>
internal sealed class RedisHealthProbe(Func<(string Host, int Port)> endpoint, Func<string> password) : IHealthProbe
{
    public async Task<HealthCheckResult> CheckAsync(CancellationToken cancellationToken)
    {
        var (host, port) = endpoint();
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(host, port, cancellationToken);
            await using var stream = client.GetStream();
            await stream.WriteAsync(Encoding.UTF8.GetBytes(Command("AUTH", password()) + Command("PING")), cancellationToken);
            using var reader = new StreamReader(stream, Encoding.UTF8);
            var auth = await reader.ReadLineAsync(cancellationToken);
            var ping = await reader.ReadLineAsync(cancellationToken);
            return auth == "+OK" && ping == "+PONG"
                ? HealthCheckResult.Healthy()
                : HealthCheckResult.Unhealthy($"AUTH answered '{auth}', PING answered '{ping}'.");
        }
        catch (Exception exception) when (exception is SocketException or IOException)
        {
            return HealthCheckResult.Unhealthy(exception.Message);
        }
    }

    // A RESP array of bulk strings; lengths are in bytes.
    private static string Command(params string[] parts)
    {
        var command = new StringBuilder($"*{parts.Length}\r\n");
        foreach (var part in parts)
        {
            command.Append($"${Encoding.UTF8.GetByteCount(part)}\r\n{part}\r\n");
        }

        return command.ToString();
    }
}
