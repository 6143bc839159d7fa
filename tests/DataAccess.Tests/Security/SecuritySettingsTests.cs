using DataAccess.Security;

namespace DataAccess.Tests.Security;

public sealed class SecuritySettingsTests
{
    [Fact]
    public void The_encryption_key_and_prefix_come_from_the_Security_section()
    {
        var settings = SecuritySettings.FromConfiguration(InMemoryConfiguration.From(
            ("Security:EncryptionKey", "from-section"),
            ("Security:ApiKeyPrefix", "sk_")));

        Assert.Equal("from-section", settings.EncryptionKey);
        Assert.Equal("sk_", settings.ApiKeyPrefix);
    }

    [Fact]
    public void The_legacy_environment_variables_are_the_fallback()
    {
        var settings = SecuritySettings.FromConfiguration(InMemoryConfiguration.From(
            ("ENCRYPTION_KEY", "from-legacy-variable"),
            ("API_KEY_PREFIX", "legacy_")));

        Assert.Equal("from-legacy-variable", settings.EncryptionKey);
        Assert.Equal("legacy_", settings.ApiKeyPrefix);
    }

    [Fact]
    public void The_Security_section_wins_over_the_legacy_variables()
    {
        var settings = SecuritySettings.FromConfiguration(InMemoryConfiguration.From(
            ("Security:EncryptionKey", "from-section"),
            ("ENCRYPTION_KEY", "from-legacy-variable"),
            ("Security:ApiKeyPrefix", "sk_"),
            ("API_KEY_PREFIX", "legacy_")));

        Assert.Equal("from-section", settings.EncryptionKey);
        Assert.Equal("sk_", settings.ApiKeyPrefix);
    }

    [Fact]
    public void An_empty_setting_counts_as_missing()
    {
        var settings = SecuritySettings.FromConfiguration(InMemoryConfiguration.From(
            ("Security:EncryptionKey", ""),
            ("ENCRYPTION_KEY", "from-legacy-variable"),
            ("Security:ApiKeyPrefix", "")));

        Assert.Equal("from-legacy-variable", settings.EncryptionKey);
        Assert.Equal("cr_", settings.ApiKeyPrefix);
    }

    [Fact]
    public void Without_any_setting_the_prefix_is_cr_and_there_is_no_key()
    {
        var settings = SecuritySettings.FromConfiguration(InMemoryConfiguration.From());

        Assert.Equal("cr_", settings.ApiKeyPrefix);
        Assert.False(settings.HasEncryptionKey);
    }

    [Fact]
    public void A_missing_key_fails_at_first_use_and_names_both_settings()
    {
        var hasher = new ApiKeyHasher(SecuritySettings.FromConfiguration(InMemoryConfiguration.From()));

        var error = Assert.Throws<InvalidOperationException>(() => hasher.Hash("cr_abc"));

        Assert.Contains("Security:EncryptionKey", error.Message);
        Assert.Contains("ENCRYPTION_KEY", error.Message);
    }

    [Fact]
    public void ToString_does_not_reveal_the_key()
    {
        var text = new SecuritySettings("super-secret-value").ToString();

        Assert.DoesNotContain("super-secret-value", text);
        Assert.Contains("(set)", text);
    }
}
