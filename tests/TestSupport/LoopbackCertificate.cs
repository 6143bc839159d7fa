using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace TestSupport;

// A self-signed certificate for 127.0.0.1 and localhost, for a stand-in that serves TLS, and
// the same certificate as a PEM file for a client told to trust it.
public sealed record LoopbackCertificate(X509Certificate2 Certificate, string PemFile)
{
    public static LoopbackCertificate Create()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddDnsName("localhost");
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: true, hasPathLengthConstraint: false, pathLengthConstraint: 0, critical: true));
        var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        var pemFile = Path.Combine(Directory.CreateTempSubdirectory("loopback-tls-").FullName, "certificate.pem");
        File.WriteAllText(pemFile, certificate.ExportCertificatePem());
        return new LoopbackCertificate(certificate, pemFile);
    }
}
