using System.Text.RegularExpressions;
using DataAccess.Security;

namespace DataAccess.Tests.Security;

public sealed class ApiKeyGeneratorTests
{
    [Fact]
    public void Keys_are_the_prefix_and_64_lowercase_hex_characters()
    {
        var key = new ApiKeyGenerator(LegacyTestSettings.Default).Generate();

        Assert.Matches(new Regex("^cr_[0-9a-f]{64}$"), key);
    }

    [Fact]
    public void Keys_use_the_configured_prefix()
    {
        var key = new ApiKeyGenerator(new SecuritySettings("k", apiKeyPrefix: "team_")).Generate();

        Assert.Matches(new Regex("^team_[0-9a-f]{64}$"), key);
    }

    [Fact]
    public void Keys_do_not_repeat()
    {
        var generator = new ApiKeyGenerator(LegacyTestSettings.Default);

        var keys = Enumerable.Range(0, 1000).Select(_ => generator.Generate()).ToHashSet();

        Assert.Equal(1000, keys.Count);
    }

    [Fact]
    public void Generating_keys_does_not_need_the_encryption_key()
    {
        var key = new ApiKeyGenerator(new SecuritySettings(encryptionKey: null)).Generate();

        Assert.StartsWith("cr_", key);
    }

    [Theory]
    [InlineData("cr_0123", true)]
    [InlineData("cr_", true)]
    [InlineData("CR_0123", false)]
    [InlineData("sk-ant-0123", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void A_key_looks_like_ours_when_it_starts_with_the_prefix(string? candidate, bool expected)
    {
        Assert.Equal(expected, new ApiKeyGenerator(LegacyTestSettings.Default).LooksLikeApiKey(candidate));
    }
}
