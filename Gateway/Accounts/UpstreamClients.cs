using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using DataAccess.Accounts;
using Yarp.ReverseProxy.Forwarder;

namespace Gateway.Accounts;

// One pooled HTTP client per distinct outbound route: direct, or through an account's HTTP
// or SOCKS5 proxy. Accounts behind the same proxy share its connections.
public sealed class UpstreamClients : IDisposable
{
    private readonly ConcurrentDictionary<string, HttpMessageInvoker> _clients = new(StringComparer.Ordinal);
    private readonly HttpMessageInvoker _direct = Create(null);

    public HttpMessageInvoker For(ProxySummary? proxy)
    {
        if (proxy is null || string.IsNullOrEmpty(proxy.Host))
        {
            return _direct;
        }

        var scheme = proxy.Type.ToLowerInvariant() switch
        {
            "socks5" or "socks" => "socks5",
            "https" => "https",
            _ => "http",
        };
        var address = $"{scheme}://{proxy.Host}:{proxy.Port}";
        var user = proxy.Username ?? "";
        return _clients.GetOrAdd($"{address}|{user}", _ => Create(new WebProxy(new Uri(address))
        {
            // The DataService never hands out proxy passwords; a proxy that needs one is
            // reached with the user name alone.
            Credentials = user.Length > 0 ? new NetworkCredential(user, "") : null,
        }));
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
