using System.Text;
using DataAccess.Security;

namespace DataAccess.Tests.Security;

public sealed class OpenSslBytesToKeyTests
{
    [Fact]
    public void Derives_what_openssl_enc_derives_without_salt()
    {
        // openssl enc -aes-256-cbc -md md5 -nosalt -pass pass:CHANGE-THIS-32-CHARACTER-KEY-NOW -P
        var (key, iv) = OpenSslBytesToKey.DeriveAes256Cbc(Encoding.UTF8.GetBytes(LegacyTestSettings.DefaultEncryptionKey));

        Assert.Equal("E31EEF558C0E966B8FC276D8B21F2C460CA5A1A73C7689DCE6E86245627C832D", Convert.ToHexString(key));
        Assert.Equal("FF2BB3DE513107BCD381D31C389DC88D", Convert.ToHexString(iv));
    }
}
