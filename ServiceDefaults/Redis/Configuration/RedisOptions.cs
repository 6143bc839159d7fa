using System.Net.Security;

namespace ServiceDefaults.Redis;

// Everything the client needs to connect. Usually parsed from a connection string in
// StackExchange.Redis syntax (see RedisConnectionString).
public sealed class RedisOptions
{
    public List<RedisEndpoint> Endpoints { get; } = [];

    public string? User { get; set; }

    public string? Password { get; set; }

    public bool Ssl { get; set; }

    // Host name to validate the server certificate against; defaults to the endpoint's host.
    public string? SslHost { get; set; }

    public RemoteCertificateValidationCallback? CertificateValidation { get; set; }

    public int Database { get; set; }

    public string? ClientName { get; set; }

    // When true, ConnectAsync throws if the first attempt fails; otherwise the client keeps
    // trying in the background (the default, as with Aspire).
    public bool AbortOnConnectFail { get; set; }

    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(5);

    public TimeSpan CommandTimeout { get; set; } = TimeSpan.FromSeconds(5);

    public TimeSpan ReconnectBaseDelay { get; set; } = TimeSpan.FromMilliseconds(100);

    public TimeSpan ReconnectMaxDelay { get; set; } = TimeSpan.FromSeconds(5);

    public TimeSpan KeepAlive { get; set; } = TimeSpan.FromSeconds(30);

    public static RedisOptions Parse(string connectionString) => RedisConnectionString.Parse(connectionString);

    // Never shows the password, so options can be logged.
    public override string ToString() =>
        $"{string.Join(",", Endpoints)} (database {Database}{(Ssl ? ", TLS" : "")}{(Password is null ? "" : ", with password")})";
}
