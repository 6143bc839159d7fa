using System.Text;
using DataAccess.Security;

namespace DataAccess.Tests.Security;

public sealed class AccountSecretProtectorTests
{
    private const string AccountId = "3f2c9a4e-5b1d-4c7a-9e8f-0a1b2c3d4e5f";
    private const string Secret = "sk-ant-oat01-EXAMPLE-ACCESS-TOKEN";

    private static readonly AccountSecretProtector Protector = new(LegacyTestSettings.Default);

    [Fact]
    public void Round_trips_text()
    {
        var protectedSecret = Protector.Protect(Secret, AccountId);

        Assert.Equal(Secret, Protector.UnprotectString(protectedSecret, AccountId));
    }

    // Pins the format and the key derivation, so that secrets stored today stay readable.
    // Produced independently with Python's cryptography package:
    //   key = HKDF(SHA256(), length=32, salt=None, info=b"crs-data-platform/account-secrets/v1")
    //             .derive(b"CHANGE-THIS-32-CHARACTER-KEY-NOW")
    //   nonce = bytes(range(12))
    //   b"\x01" + nonce + AESGCM(key).encrypt(nonce, secret, account_id)
    [Fact]
    public void Reads_secrets_in_the_documented_format()
    {
        var stored = Convert.FromHexString(
            "01000102030405060708090a0b04f0f6521bdf0e3eace30d581827b36cb3ad384b9a75b5929f144cc63d2508ddfe2c283017bef83b556d2793c288b4f452");

        Assert.Equal(Secret, Protector.UnprotectString(stored, AccountId));
    }

    [Fact]
    public void Round_trips_bytes()
    {
        byte[] secret = [0, 1, 2, 254, 255];

        Assert.Equal(secret, Protector.Unprotect(Protector.Protect(secret, AccountId), AccountId));
    }

    [Fact]
    public void The_layout_is_version_nonce_ciphertext_tag()
    {
        var protectedSecret = Protector.Protect(Secret, AccountId);

        Assert.Equal(1, protectedSecret[0]);
        Assert.Equal(1 + 12 + Encoding.UTF8.GetByteCount(Secret) + 16, protectedSecret.Length);
        Assert.DoesNotContain(Encoding.UTF8.GetBytes("EXAMPLE"), Windows(protectedSecret, 7));
    }

    [Fact]
    public void Each_protection_uses_a_fresh_nonce()
    {
        var first = Protector.Protect(Secret, AccountId);
        var second = Protector.Protect(Secret, AccountId);

        Assert.NotEqual(first.AsSpan(1, 12).ToArray(), second.AsSpan(1, 12).ToArray());
    }

    [Fact]
    public void An_empty_secret_round_trips()
    {
        var protectedSecret = Protector.Protect("", AccountId);

        Assert.Equal(1 + 12 + 16, protectedSecret.Length);
        Assert.Equal("", Protector.UnprotectString(protectedSecret, AccountId));
    }

    [Fact]
    public void Changing_any_byte_is_detected()
    {
        var protectedSecret = Protector.Protect(Secret, AccountId);

        for (var i = 0; i < protectedSecret.Length; i++)
        {
            var tampered = protectedSecret.ToArray();
            tampered[i] ^= 0x01;

            Assert.Throws<SecretDecryptionException>(() => Protector.Unprotect(tampered, AccountId));
        }
    }

    [Fact]
    public void A_secret_copied_to_another_account_does_not_decrypt()
    {
        var protectedSecret = Protector.Protect(Secret, AccountId);

        Assert.Throws<SecretDecryptionException>(() => Protector.Unprotect(protectedSecret, "another-account"));
    }

    [Fact]
    public void Another_encryption_key_cannot_decrypt_and_the_error_reveals_nothing()
    {
        var protectedSecret = Protector.Protect(Secret, AccountId);
        var other = new AccountSecretProtector(new SecuritySettings(LegacyTestSettings.ProductionLikeEncryptionKey));

        var error = Assert.Throws<SecretDecryptionException>(() => other.Unprotect(protectedSecret, AccountId));

        Assert.DoesNotContain(LegacyTestSettings.ProductionLikeEncryptionKey, error.Message);
        Assert.DoesNotContain(LegacyTestSettings.DefaultEncryptionKey, error.Message);
        Assert.DoesNotContain(Secret, error.Message);
    }

    [Fact]
    public void An_unknown_version_is_refused_with_its_number()
    {
        var protectedSecret = Protector.Protect(Secret, AccountId);
        protectedSecret[0] = 2;

        var error = Assert.Throws<SecretDecryptionException>(() => Protector.Unprotect(protectedSecret, AccountId));

        Assert.Contains("version 2", error.Message);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(28)]
    public void Data_shorter_than_header_and_tag_is_refused(int length)
    {
        var data = new byte[length];
        if (length > 0)
        {
            data[0] = 1;
        }

        Assert.Throws<SecretDecryptionException>(() => Protector.Unprotect(data, AccountId));
    }

    [Fact]
    public void A_context_is_required()
    {
        Assert.ThrowsAny<ArgumentException>(() => Protector.Protect(Secret, ""));
        Assert.ThrowsAny<ArgumentException>(() => Protector.Unprotect(new byte[40], ""));
    }

    private static IEnumerable<byte[]> Windows(byte[] data, int size) =>
        Enumerable.Range(0, data.Length - size + 1).Select(start => data[start..(start + size)]);
}
