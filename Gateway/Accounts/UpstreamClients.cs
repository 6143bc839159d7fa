using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using DataAccess.Accounts;
using Yarp.ReverseProxy.Forwarder;

namespace Gateway.Accounts;

// One pooled HTTP client per distinct outbound route: direct, or through an account's HTTP
// or SOCKS5 proxy with its credentials. Accounts behind the same proxy and user share its
// connections.
public sealed class UpstreamClients : IDisposable
{
    private readonly ConcurrentDictionary<string, HttpMessageInvoker> _clients = new(StringComparer.Ordinal);
    private readonly HttpMessageInvoker _direct = Create(null);

    public HttpMessageInvoker For(ProxyConfig? proxy)
    {
        if (proxy is null || string.IsNullOrEmpty(proxy.Host))
        {
            return _direct;
        }

        var address = Address(proxy);
        var user = proxy.Username ?? "";
        var password = proxy.Password ?? "";

        // The password is part of the route: a changed password gets a new pool rather than
        // connections that keep failing with the old one.
        var route = $"{address}|{user}|{Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(password)))}";
        return _clients.GetOrAdd(route, _ => Create(new WebProxy(address)
        {
            Credentials = user.Length > 0 ? new NetworkCredential(user, password) : null,
        }));
    }

    // The proxy as logs and error messages may show it: scheme, host and port, no credentials.
    public static Uri Address(ProxyConfig proxy)
    {
        var scheme = proxy.Type.ToLowerInvariant() switch
        {
            "socks5" or "socks" => "socks5",
            "https" => "https",
            _ => "http",
        };
        return new UriBuilder(scheme, proxy.Host, proxy.Port).Uri;
    }

    public void Dispose()
    {
        _direct.Dispose();
        foreach (var client in _clients.Values)
        {
            client.Dispose();
        }
    }

    // As the YARP direct-forwarding sample sets it up: no proxy from the environment, no
    // redirects, no decompression, no cookies; trace context passed on.
    private static HttpMessageInvoker Create(IWebProxy? proxy) => new(new SocketsHttpHandler
    {
        UseProxy = proxy is not null,
        Proxy = proxy,
        AllowAutoRedirect = false,
        AutomaticDecompression = DecompressionMethods.None,
        UseCookies = false,
        EnableMultipleHttp2Connections = true,
        ActivityHeadersPropagator = new ReverseProxyPropagator(DistributedContextPropagator.Current),
        ConnectTimeout = TimeSpan.FromSeconds(15),
        PooledConnectionIdleTimeout = TimeSpan.FromMinutes(2),
    });
}
