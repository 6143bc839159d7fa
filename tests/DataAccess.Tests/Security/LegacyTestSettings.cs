using DataAccess.Security;

namespace DataAccess.Tests.Security;

// The keys of the worked examples in shared/legacy-redis-layout.md, section 4.
internal static class LegacyTestSettings
{
    public const string DefaultEncryptionKey = "CHANGE-THIS-32-CHARACTER-KEY-NOW";
    public const string ProductionLikeEncryptionKey = "my-production-encryption-key-123";
    public const string ExampleIvHex = "00112233445566778899aabbccddeeff";

    public static SecuritySettings Default { get; } = new(DefaultEncryptionKey);

    public static byte[] ExampleIv => Convert.FromHexString(ExampleIvHex);
}
