using System.Text;
using DataAccess.Security;

namespace DataAccess.Tests.Security;

public sealed class ScryptTests
{
    // RFC 7914, section 12. The fourth vector (N = 2^20, 1 GiB) is left out for its memory.
    [Theory]
    [InlineData("", "", 16, 1, 1,
        "77d6576238657b203b19ca42c18a0497f16b4844e3074ae8dfdffa3fede21442fcd0069ded0948f8326a753a0fc81f17e8d3e0fb2e0d3628cf35e20c38d18906")]
    [InlineData("password", "NaCl", 1024, 8, 16,
        "fdbabe1c9d3472007856e7190d01e9fe7c6ad7cbc8237830e77376634b3731622eaf30d92e22a3886ff109279d9830dac727afb94a83ee6d8360cbdfa2cc0640")]
    [InlineData("pleaseletmein", "SodiumChloride", 16384, 8, 1,
        "7023bdcb3afd7348461c06cd81fd38ebfda8fbba904f8e3ea9b543f6545da1f2d5432955613f0fcf62d49705242a9af9e61e85dc0d651e40dfcf017b45575887")]
    public void Derives_the_RFC_7914_test_vectors(string password, string salt, int cost, int blockSize, int parallelism, string expectedHex)
    {
        var key = Scrypt.DeriveKey(Encoding.UTF8.GetBytes(password), Encoding.UTF8.GetBytes(salt), cost, blockSize, parallelism, 64);

        Assert.Equal(expectedHex, Convert.ToHexStringLower(key));
    }

    // shared/legacy-redis-layout.md, section 4.2, with Node's scryptSync defaults.
    [Theory]
    [InlineData("salt", "6bc19eafb4ba064c8c75601131fe8c2d790380763c2e2fa72e1c13372c9e024f")]
    [InlineData("openai-account-salt", "6909a9d6c686d9acc8a4fcd778b7e16cb7bfd58fb91d83b58e2e809a941e5d74")]
    [InlineData("claude-console-salt", "9e772dc0bbe0069e66c75a502066af6e1890c4956191fdaca3e88e72750bfc30")]
    [InlineData("gemini-account-salt", "0abd80f25a58582eae198c1bca26b5c4f6d2403a800bcb7d62965c725d2f8276")]
    public void Derives_the_legacy_account_keys(string salt, string expectedHex)
    {
        var key = Scrypt.DeriveKey(
            Encoding.UTF8.GetBytes(LegacyTestSettings.DefaultEncryptionKey),
            Encoding.UTF8.GetBytes(salt),
            Scrypt.NodeDefaultCost,
            Scrypt.NodeDefaultBlockSize,
            Scrypt.NodeDefaultParallelism,
            32);

        Assert.Equal(expectedHex, Convert.ToHexStringLower(key));
    }

    [Theory]
    [InlineData(0, 1, 1, 32)]
    [InlineData(1, 1, 1, 32)]
    [InlineData(24, 1, 1, 32)]
    [InlineData(16, 0, 1, 32)]
    [InlineData(16, 1, 0, 32)]
    [InlineData(16, 1, 1, 0)]
    [InlineData(1 << 16, 1, 1, 32)]
    [InlineData(1 << 30, 8, 1, 32)]
    public void Rejects_parameters_outside_the_RFC_limits(int cost, int blockSize, int parallelism, int outputLength)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() =>
            Scrypt.DeriveKey("p"u8, "s"u8, cost, blockSize, parallelism, outputLength));
    }
}
