using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace TestSupport;

// A certificate for "localhost" written as PEM files, for servers that tests run with TLS.
public sealed record SelfSignedCertificate(string CertificateFile, string KeyFile)
{
    public const string Subject = "CN=localhost";

    public static SelfSignedCertificate Create()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest(Subject, key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        request.CertificateExtensions.Add(names.Build());
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));

        var directory = Directory.CreateTempSubdirectory("tls-test-").FullName;
        var certificateFile = Path.Combine(directory, "cert.pem");
        var keyFile = Path.Combine(directory, "key.pem");
        File.WriteAllText(certificateFile, certificate.ExportCertificatePem());
        File.WriteAllText(keyFile, key.ExportPkcs8PrivateKeyPem());
        return new SelfSignedCertificate(certificateFile, keyFile);
    }
}
