using DataAccess.Security;
using Microsoft.Extensions.DependencyInjection;

namespace DataAccess.Tests.Security;

public sealed class SecurityServiceCollectionExtensionsTests
{
    [Fact]
    public void AddDataAccessSecurity_registers_singletons_that_share_the_configured_key()
    {
        var services = new ServiceCollection()
            .AddDataAccessSecurity(InMemoryConfiguration.From(("ENCRYPTION_KEY", LegacyTestSettings.DefaultEncryptionKey)));
        using var provider = services.BuildServiceProvider();

        Assert.Same(provider.GetRequiredService<SecuritySettings>(), provider.GetRequiredService<SecuritySettings>());
        Assert.Same(provider.GetRequiredService<LegacySecretCipher>(), provider.GetRequiredService<LegacySecretCipher>());
        Assert.NotNull(provider.GetRequiredService<ApiKeyGenerator>());
        Assert.NotNull(provider.GetRequiredService<BedrockCredentialCipher>());
        Assert.NotNull(provider.GetRequiredService<AccountSecretProtector>());
        Assert.Equal(
            "def793465f96dd43965ea07c4ed6131431a53ba54c0b547deb2db17b45d1756e",
            provider.GetRequiredService<ApiKeyHasher>().Hash("cr_0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"));
    }

    [Fact]
    public void Services_resolve_without_a_key_and_fail_only_when_used()
    {
        using var provider = new ServiceCollection().AddDataAccessSecurity(InMemoryConfiguration.From()).BuildServiceProvider();

        var protector = provider.GetRequiredService<AccountSecretProtector>();

        Assert.Throws<InvalidOperationException>(() => protector.Protect("secret", "account-1"));
    }
}
