using DataAccess.Tests.Contract;

namespace DataService.Tests.Remote;

// The data-access contract suites, unchanged, against the remote backend.
public sealed class RemoteApiKeyStoreTests(RemoteBackendFixture fixture) : ApiKeyStoreContract<RemoteBackendFixture>(fixture);

public sealed class RemoteAccountStoreTests(RemoteBackendFixture fixture) : AccountStoreContract<RemoteBackendFixture>(fixture);

public sealed class RemoteUsageStoreTests(RemoteBackendFixture fixture) : UsageStoreContract<RemoteBackendFixture>(fixture);

public sealed class RemoteSessionStoreTests(RemoteBackendFixture fixture) : SessionStoreContract<RemoteBackendFixture>(fixture);

public sealed class RemoteTransactionTests(RemoteBackendFixture fixture) : TransactionContract<RemoteBackendFixture>(fixture);
