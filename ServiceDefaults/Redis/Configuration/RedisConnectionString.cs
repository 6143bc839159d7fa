using System.Globalization;

namespace ServiceDefaults.Redis;

// Parses connection strings in StackExchange.Redis syntax, the format Aspire injects:
// "host:port[,host2:port2],password=…,user=…,ssl=true,defaultDatabase=1,abortConnect=false".
internal static class RedisConnectionString
{
    // Options StackExchange.Redis knows that have no meaning for this client; accepted so
    // existing connection strings keep working.
    private static readonly HashSet<string> s_ignoredOptions = new(StringComparer.OrdinalIgnoreCase)
    {
        "allowAdmin", "connectRetry", "tiebreaker", "version", "proxy", "resolveDns", "configChannel",
        "serviceName", "checkCertificateRevocation", "sslProtocols", "configCheckSeconds", "responseTimeout",
        "highPrioritySocketThreads", "setlib", "protocol",
    };

    public static RedisOptions Parse(string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        var options = new RedisOptions();
        var endpoints = new List<string>();
        foreach (var rawPart in connectionString.Split(','))
        {
            var part = rawPart.Trim();
            if (part.Length == 0)
            {
                continue;
            }

            var equals = part.IndexOf('=');
            if (equals < 0)
            {
                endpoints.Add(part);
                continue;
            }

            Apply(options, part[..equals].Trim(), part[(equals + 1)..].Trim());
        }

        if (endpoints.Count == 0)
        {
            throw new FormatException("The Redis connection string names no endpoint (expected host:port).");
        }

        var defaultPort = options.Ssl ? RedisEndpoint.DefaultTlsPort : RedisEndpoint.DefaultPort;
        options.Endpoints.AddRange(endpoints.Select(endpoint => RedisEndpoint.Parse(endpoint, defaultPort)));
        return options;
    }

    private static void Apply(RedisOptions options, string name, string value)
    {
        switch (name.ToLowerInvariant())
        {
            case "password":
                options.Password = value;
                break;
            case "user":
                options.User = value;
                break;
            case "ssl":
                options.Ssl = ParseBoolean(name, value);
                break;
            case "sslhost":
                options.SslHost = value;
                break;
            case "defaultdatabase":
                options.Database = ParseInteger(name, value);
                break;
            case "abortconnect":
                options.AbortOnConnectFail = ParseBoolean(name, value);
                break;
            case "connecttimeout":
                options.ConnectTimeout = TimeSpan.FromMilliseconds(ParseInteger(name, value));
                break;
            case "synctimeout" or "asynctimeout":
                options.CommandTimeout = TimeSpan.FromMilliseconds(ParseInteger(name, value));
                break;
            case "keepalive":
                options.KeepAlive = TimeSpan.FromSeconds(ParseInteger(name, value));
                break;
            case "name":
                options.ClientName = value;
                break;
            default:
                if (!s_ignoredOptions.Contains(name))
                {
                    throw new FormatException($"Unknown Redis connection string option '{name}'.");
                }

                break;
        }
    }

    private static bool ParseBoolean(string name, string value) =>
        bool.TryParse(value, out var result) ? result : throw new FormatException($"Redis option '{name}' expects true or false, not '{value}'.");

    private static int ParseInteger(string name, string value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var result)
            ? result
            : throw new FormatException($"Redis option '{name}' expects a non-negative whole number, not '{value}'.");
}
