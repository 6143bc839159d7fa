using TestSupport;

namespace Gateway.Tests.Support;

// The upstream served with TLS, as api.anthropic.com is, by a certificate the gateway is
// told to trust (Gateway:Upstreams:TrustedCertificatesFile).
public sealed class TlsUpstreamEnvironment : GatewayEnvironment
{
    private static readonly LoopbackCertificate s_certificate = LoopbackCertificate.Create();

    public TlsUpstreamEnvironment()
        : base(new AnthropicStandIn { Certificate = s_certificate.Certificate })
    {
    }

    protected override IReadOnlyDictionary<string, string?> ExtraGatewaySettings => new Dictionary<string, string?>
    {
        ["Gateway:Upstreams:TrustedCertificatesFile"] = s_certificate.PemFile,
    };
}
