using DataAccess.Accounts;
using DataAccess.ApiKeys;
using DataAccess.Sessions;
using DataAccess.Storage;
using DataAccess.Transactions;
using DataAccess.Usage;

namespace DataService.Tests.Remote;

// What the contract tests resolve services from when the backend is remote: the data-access
// interfaces from the client host, so every store call crosses HTTP; anything else a test
// looks up (the connection pool, settings, the key hasher) from the DataService, which owns
// the database and the cache behind those stores.
public sealed class RemoteBackendServices(IServiceProvider client, IServiceProvider dataService) : IServiceProvider
{
    private static readonly HashSet<Type> s_dataAccessInterfaces =
    [
        typeof(IApiKeyStore),
        typeof(IClaudeAccountStore),
        typeof(IOpenAiAccountStore),
        typeof(IUsageStore),
        typeof(ISessionStore),
        typeof(IStorageStrategy),
        typeof(ITransactionManager),
    ];

    public object? GetService(Type serviceType) =>
        (s_dataAccessInterfaces.Contains(serviceType) ? client : dataService).GetService(serviceType);
}
