using System.Globalization;

namespace ServiceDefaults.Redis;

public sealed record RedisEndpoint(string Host, int Port)
{
    public const int DefaultPort = 6379;
    public const int DefaultTlsPort = 6380;

    // Accepts "host", "host:port", "[ipv6]" and "[ipv6]:port".
    public static RedisEndpoint Parse(string text, int defaultPort)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(text);
        text = text.Trim();
        string host;
        string? port = null;
        if (text.StartsWith('['))
        {
            var close = text.IndexOf(']');
            if (close < 0)
            {
                throw new FormatException($"Redis endpoint '{text}' has an unclosed '['.");
            }

            host = text[1..close];
            if (close + 1 < text.Length)
            {
                port = text[(close + 1)..].TrimStart(':');
            }
        }
        else
        {
            var colon = text.LastIndexOf(':');
            host = colon < 0 ? text : text[..colon];
            port = colon < 0 ? null : text[(colon + 1)..];
        }

        if (port is null)
        {
            return new RedisEndpoint(host, defaultPort);
        }

        return int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number is > 0 and < 65536
            ? new RedisEndpoint(host, number)
            : throw new FormatException($"Redis endpoint '{text}' has an invalid port '{port}'.");
    }

    public override string ToString() => Host.Contains(':') ? $"[{Host}]:{Port}" : $"{Host}:{Port}";
}
