using DataAccess.Security;

namespace DataAccess.Tests.Security;

public sealed class ApiKeyHasherTests
{
    [Theory]
    [InlineData(
        LegacyTestSettings.DefaultEncryptionKey,
        "cr_0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
        "def793465f96dd43965ea07c4ed6131431a53ba54c0b547deb2db17b45d1756e")]
    [InlineData(
        LegacyTestSettings.ProductionLikeEncryptionKey,
        "cr_abababababababababababababababababababababababababababababababab",
        "ba082217b53f75a5838892d6f324f9caab882d9ee6b71fe1b2b84bca07c60aae")]
    public void Hashes_match_the_legacy_worked_examples(string encryptionKey, string plainKey, string expectedHash)
    {
        var hasher = new ApiKeyHasher(new SecuritySettings(encryptionKey));

        Assert.Equal(expectedHash, hasher.Hash(plainKey));
    }

    [Fact]
    public void The_encryption_key_salts_the_hash()
    {
        const string plainKey = "cr_0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

        Assert.NotEqual(
            new ApiKeyHasher(new SecuritySettings("one-key")).Hash(plainKey),
            new ApiKeyHasher(new SecuritySettings("another-key")).Hash(plainKey));
    }

    [Fact]
    public void Non_ascii_text_is_hashed_as_utf8()
    {
        // sha256("cr_ключ" + "clé") computed with: printf 'cr_ключclé' | sha256sum
        var hasher = new ApiKeyHasher(new SecuritySettings("clé"));

        Assert.Equal("9c5874d90188018db2e6ef0aae5ef745666a0b37679df832ef474811e1e9530d", hasher.Hash("cr_ключ"));
    }

    [Fact]
    public void Long_encryption_keys_are_hashed_whole()
    {
        // python3 -c "import hashlib; print(hashlib.sha256(('cr_' + 'ab' * 32 + 'k' * 600).encode()).hexdigest())"
        var hasher = new ApiKeyHasher(new SecuritySettings(new string('k', 600)));

        Assert.Equal(
            "e44a93a87ec3f56d58e2b24de104a98555ea71962af9ed30f71b2a04f8d28503",
            hasher.Hash("cr_" + string.Concat(Enumerable.Repeat("ab", 32))));
    }
}
