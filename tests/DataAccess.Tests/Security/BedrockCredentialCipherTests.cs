using System.Text.Json;
using DataAccess.Security;

namespace DataAccess.Tests.Security;

public sealed class BedrockCredentialCipherTests
{
    private const string CredentialsJson = "{\"accessKeyId\":\"AKIAEXAMPLE\",\"secretAccessKey\":\"secretEXAMPLE\"}";

    // shared/legacy-redis-layout.md, section 4.3.
    private const string EncryptedHex = "b4a5d53c10833cc683445ac395998830f638f43d0a8d2df8081bf3dfc2819902f2e0a0353390c3c02c7f889d99557bcfd10d42b893e6589725d53eb6f21bf513";

    private static readonly BedrockCredentialCipher Cipher = new(LegacyTestSettings.Default);

    [Fact]
    public void The_key_is_the_sha256_of_the_encryption_key()
    {
        Assert.Equal(
            "a65399ebed1c70da31815e0d7eda8be728851a32b63d0e257f7816b46b5f5f2d",
            Convert.ToHexStringLower(BedrockCredentialCipher.DeriveKey(LegacyTestSettings.DefaultEncryptionKey)));
    }

    [Fact]
    public void Encrypts_byte_for_byte_like_the_legacy_service()
    {
        var encrypted = Cipher.Encrypt(CredentialsJson, LegacyTestSettings.ExampleIv);

        Assert.Equal(new EncryptedBedrockCredentials(EncryptedHex, LegacyTestSettings.ExampleIvHex), encrypted);
    }

    [Fact]
    public void Decrypts_the_legacy_example()
    {
        Assert.Equal(CredentialsJson, Cipher.Decrypt(new EncryptedBedrockCredentials(EncryptedHex, LegacyTestSettings.ExampleIvHex)));
    }

    [Fact]
    public void Round_trips_with_a_fresh_iv()
    {
        var first = Cipher.Encrypt(CredentialsJson);
        var second = Cipher.Encrypt(CredentialsJson);

        Assert.NotEqual(first.Iv, second.Iv);
        Assert.Equal(CredentialsJson, Cipher.Decrypt(first));
    }

    [Fact]
    public void The_stored_object_serializes_with_the_legacy_member_names()
    {
        var json = JsonSerializer.Serialize(new EncryptedBedrockCredentials("abcd", "0011"));

        Assert.Equal("{\"encrypted\":\"abcd\",\"iv\":\"0011\"}", json);
    }

    [Fact]
    public void Reads_encrypted_credentials_from_the_stored_document()
    {
        var stored = Parse($"{{\"encrypted\":\"{EncryptedHex}\",\"iv\":\"{LegacyTestSettings.ExampleIvHex}\"}}");

        Assert.Equal(CredentialsJson, Cipher.ReadCredentialsJson(stored));
    }

    [Fact]
    public void Reads_plain_legacy_credentials_as_they_are()
    {
        const string plain = "{\"accessKeyId\":\"AKIAPLAIN\",\"secretAccessKey\":\"plain\",\"sessionToken\":\"t\"}";

        Assert.Equal(plain, Cipher.ReadCredentialsJson(Parse(plain)));
    }

    [Theory]
    [InlineData("{\"secretAccessKey\":\"no-id\"}")]
    [InlineData("{\"encrypted\":\"\",\"iv\":\"\"}")]
    [InlineData("\"text\"")]
    [InlineData("null")]
    public void Rejects_stored_credentials_of_neither_shape(string json)
    {
        Assert.Throws<SecretDecryptionException>(() => Cipher.ReadCredentialsJson(Parse(json)));
    }

    [Fact]
    public void Another_encryption_key_cannot_decrypt_and_the_error_reveals_nothing()
    {
        var other = new BedrockCredentialCipher(new SecuritySettings(LegacyTestSettings.ProductionLikeEncryptionKey));

        var error = Assert.Throws<SecretDecryptionException>(() =>
            other.Decrypt(new EncryptedBedrockCredentials(EncryptedHex, LegacyTestSettings.ExampleIvHex)));

        Assert.DoesNotContain(LegacyTestSettings.ProductionLikeEncryptionKey, error.Message);
        Assert.DoesNotContain(EncryptedHex, error.Message);
    }

    private static JsonElement Parse(string json) => JsonDocument.Parse(json).RootElement.Clone();
}
