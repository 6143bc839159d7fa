using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using DataAccess.Accounts;
using Gateway.Forwarding;
using Microsoft.Extensions.Options;
using Yarp.ReverseProxy.Forwarder;

namespace Gateway.Accounts;

// One pooled HTTP client per distinct outbound route: direct, or through an account's HTTP
// or SOCKS5 proxy with its credentials. Accounts behind the same proxy and user share its
// connections. The upstream's certificate is checked against the system's authorities and
// those of Gateway:Upstreams:TrustedCertificatesFile.
public sealed class UpstreamClients : IDisposable
{
    private readonly ConcurrentDictionary<string, HttpMessageInvoker> _clients = new(StringComparer.Ordinal);
    private readonly X509Certificate2Collection? _trusted;
    private readonly HttpMessageInvoker _direct;

    // Through an HTTP proxy, an http:// upstream is reached by forwarding (the proxy sees each
    // request), an https:// one through a CONNECT tunnel.
    private readonly bool _forwardedThroughHttpProxies;

    public UpstreamClients(IOptions<GatewayOptions> options)
    {
        var upstreams = options.Value.Upstreams;
        _forwardedThroughHttpProxies = upstreams.Claude.Scheme == Uri.UriSchemeHttp;
        if (upstreams.TrustedCertificatesFile is { } file)
        {
            _trusted = [];
            _trusted.ImportFromPemFile(file);
        }

        _direct = Invoker(Handler(null));
    }

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
        return _clients.GetOrAdd(route, _ => Create(address, user.Length > 0 ? new NetworkCredential(user, password) : null));
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

    private HttpMessageInvoker Create(Uri address, NetworkCredential? credentials)
    {
        // A forwarded request carries its body once: the handler's own answer to a 407 (send
        // again with credentials) cannot resend it, so the credentials go with every request
        // from the start. A tunnel (CONNECT, SOCKS5) authenticates before any request.
        if (credentials is not null && address.Scheme is "http" or "https" && _forwardedThroughHttpProxies)
        {
            return Invoker(new ProxyAuthorization(credentials) { InnerHandler = Handler(new WebProxy(address)) });
        }

        return Invoker(Handler(new WebProxy(address) { Credentials = credentials }));
    }

    // Every upstream client sends a body the gateway has read with its headers, in one write.
    private static HttpMessageInvoker Invoker(HttpMessageHandler handler) => new(new BufferedBodyHandler(handler));

    // As the YARP direct-forwarding sample sets it up: no proxy from the environment, no
    // redirects, no decompression, no cookies; trace context passed on.
    private SocketsHttpHandler Handler(IWebProxy? proxy) => new()
    {
        SslOptions = new SslClientAuthenticationOptions { RemoteCertificateValidationCallback = _trusted is null ? null : TrustedCertificate },
        UseProxy = proxy is not null,
        Proxy = proxy,
        AllowAutoRedirect = false,
        AutomaticDecompression = DecompressionMethods.None,
        UseCookies = false,
        EnableMultipleHttp2Connections = true,
        ActivityHeadersPropagator = new ReverseProxyPropagator(DistributedContextPropagator.Current),
        ConnectTimeout = TimeSpan.FromSeconds(15),
        PooledConnectionIdleTimeout = TimeSpan.FromMinutes(2),
    };

    // Valid for the system, or signed by one of the trusted authorities; for the right host
    // either way.
    private bool TrustedCertificate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (errors != SslPolicyErrors.RemoteCertificateChainErrors || certificate is null)
        {
            return errors == SslPolicyErrors.None;
        }

        using var trustedChain = new X509Chain();
        trustedChain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        trustedChain.ChainPolicy.CustomTrustStore.AddRange(_trusted!);
        trustedChain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        if (chain is not null)
        {
            foreach (var element in chain.ChainElements)
            {
                trustedChain.ChainPolicy.ExtraStore.Add(element.Certificate);
            }
        }

        return trustedChain.Build(certificate as X509Certificate2 ?? X509CertificateLoader.LoadCertificate(certificate.GetRawCertData()));
    }

    // Basic credentials for a forwarding HTTP proxy, on every request.
    private sealed class ProxyAuthorization(NetworkCredential credentials) : DelegatingHandler
    {
        private readonly string _value = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{credentials.UserName}:{credentials.Password}"));

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            request.Headers.TryAddWithoutValidation("Proxy-Authorization", _value);
            return base.SendAsync(request, cancellationToken);
        }
    }
}
