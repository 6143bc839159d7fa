namespace DataAccess.Tests.Contract;

// The contract in dual mode, reading from each side.
public sealed class DualRedisReadApiKeyStoreTests(DualRedisReadBackendFixture fixture) : ApiKeyStoreContract<DualRedisReadBackendFixture>(fixture);

public sealed class DualRedisReadAccountStoreTests(DualRedisReadBackendFixture fixture) : AccountStoreContract<DualRedisReadBackendFixture>(fixture);

public sealed class DualRedisReadUsageStoreTests(DualRedisReadBackendFixture fixture) : UsageStoreContract<DualRedisReadBackendFixture>(fixture);

public sealed class DualRedisReadSessionStoreTests(DualRedisReadBackendFixture fixture) : SessionStoreContract<DualRedisReadBackendFixture>(fixture);

public sealed class DualRedisReadStorageStrategyTests(DualRedisReadBackendFixture fixture) : StorageStrategyContract<DualRedisReadBackendFixture>(fixture);

public sealed class DualPostgresReadApiKeyStoreTests(DualPostgresReadBackendFixture fixture) : ApiKeyStoreContract<DualPostgresReadBackendFixture>(fixture);

public sealed class DualPostgresReadAccountStoreTests(DualPostgresReadBackendFixture fixture) : AccountStoreContract<DualPostgresReadBackendFixture>(fixture);

public sealed class DualPostgresReadUsageStoreTests(DualPostgresReadBackendFixture fixture) : UsageStoreContract<DualPostgresReadBackendFixture>(fixture);

public sealed class DualPostgresReadSessionStoreTests(DualPostgresReadBackendFixture fixture) : SessionStoreContract<DualPostgresReadBackendFixture>(fixture);

public sealed class DualPostgresReadStorageStrategyTests(DualPostgresReadBackendFixture fixture) : StorageStrategyContract<DualPostgresReadBackendFixture>(fixture);
