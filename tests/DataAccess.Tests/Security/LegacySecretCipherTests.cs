using System.Text.RegularExpressions;
using DataAccess.Security;

namespace DataAccess.Tests.Security;

public sealed class LegacySecretCipherTests
{
    private const string ClaudeAccessToken = "00112233445566778899aabbccddeeff:8945bbb4a283eda5853f2380801edf494be1b648e51bbd45aa9b3aac9aeef0d2687ecb459149d60dbb4c306c3691920e";
    private const string OpenAIIdToken = "00112233445566778899aabbccddeeff:472435616ba29173124110cf5b9f13b1763c6a27871824fee5d5bf35c7fd9c38";

    // Written by Node's deprecated crypto.createCipher, i.e. produced with:
    // printf 'legacy-refresh-token' | openssl enc -aes-256-cbc -md md5 -nosalt \
    //     -pass pass:CHANGE-THIS-32-CHARACTER-KEY-NOW | xxd -p
    // (Node 20's crypto.createCipher('aes-256-cbc', key) prints the same hex.)
    private const string PasswordBasedCiphertext = "ac3efac2587b7fb646e4e34ed005221d6e6465076b16bdf0715335fc4a94c4de";

    private static readonly LegacySecretCipher Cipher = new(LegacyTestSettings.Default);

    public static TheoryData<LegacySecretFamily> Families => new(Enum.GetValues<LegacySecretFamily>());

    // shared/legacy-redis-layout.md, section 4.2.
    public static TheoryData<LegacySecretFamily, string, string> LayoutVectors => new()
    {
        { LegacySecretFamily.ClaudeOAuth, "sk-ant-oat01-EXAMPLE-ACCESS-TOKEN", ClaudeAccessToken },
        { LegacySecretFamily.ClaudeOAuth, "sk-ant-ort01-EXAMPLE-REFRESH-TOKEN", "00112233445566778899aabbccddeeff:37d016d7c9a5800da70d5ec171a37be600c1ec1eabc6818ee8d0118bc3e709e1f5e6e3b1f75c0e1a5a046cac83cff88a" },
        { LegacySecretFamily.ClaudeOAuth, "user@example.com", "00112233445566778899aabbccddeeff:f80e02e59c1e1ea9f80327923f40f2099e3f51dbb5f707455f2b4746e410b108" },
        { LegacySecretFamily.OpenAI, "eyJhbGciOiJSUzI1NiJ9.example", OpenAIIdToken },
        // Produced with Node 20: crypto.createCipheriv('aes-256-cbc', crypto.scryptSync(key, salt, 32), iv).
        { LegacySecretFamily.ClaudeOAuth, "pässwörd-密码", "00112233445566778899aabbccddeeff:2f66c294de44a8fa7972022631ac4ee110ffca4beccc811322446466f0a5e1a0" },
        { LegacySecretFamily.ClaudeConsole, "sk-ant-api03-EXAMPLE-CONSOLE-KEY", "00112233445566778899aabbccddeeff:ffdf71a8aa28b1c6f4eb080208c637ce4ac871a32067209492c59132fcc4189b6e73bf25bb50d2ba67189e10b090ca18" },
        { LegacySecretFamily.Gemini, "ya29.example-gemini-access-token", "00112233445566778899aabbccddeeff:1a7dfb3fb311030c4a8d20295e0d239acb3db8b3f9fdd0dcc5c8d2a97924335092bf65a6951ddc99612137874b100bed" },
    };

    [Theory]
    [MemberData(nameof(LayoutVectors))]
    public void Decrypts_values_written_by_the_legacy_service(LegacySecretFamily family, string plaintext, string stored)
    {
        Assert.Equal(plaintext, Cipher.Decrypt(family, stored));
    }

    [Theory]
    [MemberData(nameof(LayoutVectors))]
    public void Encrypts_byte_for_byte_like_the_legacy_service(LegacySecretFamily family, string plaintext, string stored)
    {
        Assert.Equal(stored, Cipher.Encrypt(family, plaintext, LegacyTestSettings.ExampleIv));
    }

    [Theory]
    [MemberData(nameof(Families))]
    public void An_empty_secret_is_stored_as_the_empty_string(LegacySecretFamily family)
    {
        Assert.Equal("", Cipher.Encrypt(family, ""));
        Assert.Equal("", Cipher.Encrypt(family, null));
        Assert.Equal("", Cipher.Decrypt(family, ""));
        Assert.Equal("", Cipher.Decrypt(family, null));
    }

    [Theory]
    [MemberData(nameof(Families))]
    public void Every_family_round_trips_with_a_fresh_iv(LegacySecretFamily family)
    {
        const string secret = "{\"accessToken\":\"token-ü\",\"expiresAt\":1767225600000}";

        var first = Cipher.Encrypt(family, secret);
        var second = Cipher.Encrypt(family, secret);

        Assert.Matches(new Regex("^[0-9a-f]{32}:[0-9a-f]+$"), first);
        Assert.NotEqual(first[..32], second[..32]);
        Assert.Equal(secret, Cipher.Decrypt(family, first));
        Assert.Equal(secret, Cipher.Decrypt(family, second));
    }

    [Fact]
    public void Families_do_not_share_keys()
    {
        Assert.NotEqual(
            Cipher.Encrypt(LegacySecretFamily.ClaudeOAuth, "same", LegacyTestSettings.ExampleIv),
            Cipher.Encrypt(LegacySecretFamily.ClaudeConsole, "same", LegacyTestSettings.ExampleIv));
    }

    [Theory]
    [InlineData("00112233445566778899aabbccddeeff:abcd")]
    [InlineData("0011:8945bbb4a283eda5853f2380801edf494be1b648e51bbd45aa9b3aac9aeef0d2687ecb459149d60dbb4c306c3691920e")]
    [InlineData("00112233445566778899aabbccddeeff:8945bbb4a283eda5853f2380801edf494be1b648e51bbd45aa9b3aac9aeef0d2687ecb459149d60dbb4c306c3691920")]
    [InlineData(OpenAIIdToken)]
    public void Claude_and_Console_return_a_value_they_cannot_decrypt_unchanged(string stored)
    {
        Assert.Equal(stored, Cipher.Decrypt(LegacySecretFamily.ClaudeOAuth, stored));
        Assert.Equal(stored, Cipher.Decrypt(LegacySecretFamily.ClaudeConsole, stored));
    }

    [Fact]
    public void Claude_decrypts_colon_less_values_with_the_password_based_scheme()
    {
        Assert.Equal("legacy-refresh-token", Cipher.Decrypt(LegacySecretFamily.ClaudeOAuth, PasswordBasedCiphertext));
    }

    [Theory]
    [InlineData("plain-refresh-token")]
    [InlineData("abcd")]
    [InlineData("00112233445566778899aabbccddeeff:8945bbb4:a283eda5")]
    public void Claude_returns_values_the_password_based_scheme_cannot_decrypt_unchanged(string stored)
    {
        Assert.Equal(stored, Cipher.Decrypt(LegacySecretFamily.ClaudeOAuth, stored));
    }

    [Fact]
    public void Console_returns_colon_less_values_unchanged_without_trying_the_password_based_scheme()
    {
        Assert.Equal(PasswordBasedCiphertext, Cipher.Decrypt(LegacySecretFamily.ClaudeConsole, PasswordBasedCiphertext));
    }

    [Theory]
    [InlineData(LegacySecretFamily.OpenAI)]
    [InlineData(LegacySecretFamily.Gemini)]
    public void OpenAI_and_Gemini_turn_a_value_they_cannot_decrypt_into_the_empty_string(LegacySecretFamily family)
    {
        Assert.Equal("", Cipher.Decrypt(family, "plain-token"));
        Assert.Equal("", Cipher.Decrypt(family, "00112233445566778899aabbccddeeff:abcd"));
        Assert.Equal("", Cipher.Decrypt(family, ClaudeAccessToken));
    }

    [Fact]
    public void OpenAI_reads_the_iv_and_ciphertext_at_fixed_offsets_whatever_separates_them()
    {
        var dashed = OpenAIIdToken.Replace(':', '-');

        Assert.Equal("eyJhbGciOiJSUzI1NiJ9.example", Cipher.Decrypt(LegacySecretFamily.OpenAI, dashed));
        Assert.Equal(dashed, Cipher.Decrypt(LegacySecretFamily.ClaudeConsole, dashed));
    }

    // Node decodes hex up to the first character that is not hex, but the Claude services pass
    // the ciphertext to decipher.update, which first refuses an odd number of characters.
    [Fact]
    public void Trailing_non_hex_characters_are_ignored_as_Node_ignores_them()
    {
        Assert.Equal("sk-ant-oat01-EXAMPLE-ACCESS-TOKEN", Cipher.Decrypt(LegacySecretFamily.ClaudeOAuth, ClaudeAccessToken + "zz"));
        Assert.Equal(ClaudeAccessToken + "z", Cipher.Decrypt(LegacySecretFamily.ClaudeOAuth, ClaudeAccessToken + "z"));
        Assert.Equal("eyJhbGciOiJSUzI1NiJ9.example", Cipher.Decrypt(LegacySecretFamily.OpenAI, OpenAIIdToken + "z"));
    }

    [Fact]
    public void OpenAI_values_encrypted_more_than_once_are_decrypted_to_the_token()
    {
        var twice = Cipher.Encrypt(LegacySecretFamily.OpenAI, OpenAIIdToken);
        var thrice = Cipher.Encrypt(LegacySecretFamily.OpenAI, twice);

        Assert.Equal("eyJhbGciOiJSUzI1NiJ9.example", Cipher.Decrypt(LegacySecretFamily.OpenAI, twice));
        Assert.Equal("eyJhbGciOiJSUzI1NiJ9.example", Cipher.Decrypt(LegacySecretFamily.OpenAI, thrice));
    }

    [Fact]
    public void An_OpenAI_secret_that_only_looks_encrypted_is_kept()
    {
        const string lookalike = "00112233445566778899aabbccddeeff:abcdef";

        Assert.Equal(lookalike, Cipher.Decrypt(LegacySecretFamily.OpenAI, Cipher.Encrypt(LegacySecretFamily.OpenAI, lookalike)));
    }

    [Fact]
    public void Only_OpenAI_values_are_decrypted_repeatedly()
    {
        var inner = Cipher.Encrypt(LegacySecretFamily.Gemini, "ya29.token");
        var twice = Cipher.Encrypt(LegacySecretFamily.Gemini, inner);

        Assert.Equal(inner, Cipher.Decrypt(LegacySecretFamily.Gemini, twice));
    }

    [Fact]
    public void Another_encryption_key_cannot_decrypt()
    {
        var other = new LegacySecretCipher(new SecuritySettings(LegacyTestSettings.ProductionLikeEncryptionKey));

        Assert.Equal(ClaudeAccessToken, other.Decrypt(LegacySecretFamily.ClaudeOAuth, ClaudeAccessToken));
        Assert.Equal("", other.Decrypt(LegacySecretFamily.OpenAI, OpenAIIdToken));
    }

    [Fact]
    public void A_missing_encryption_key_is_an_error_rather_than_an_undecryptable_value()
    {
        var cipher = new LegacySecretCipher(new SecuritySettings(encryptionKey: null));

        Assert.Throws<InvalidOperationException>(() => cipher.Decrypt(LegacySecretFamily.ClaudeOAuth, ClaudeAccessToken));
        Assert.Throws<InvalidOperationException>(() => cipher.Decrypt(LegacySecretFamily.ClaudeOAuth, PasswordBasedCiphertext));
        Assert.Throws<InvalidOperationException>(() => cipher.Decrypt(LegacySecretFamily.OpenAI, OpenAIIdToken));
    }
}
