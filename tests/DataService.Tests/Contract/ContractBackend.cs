using DataService.Tests.Backends;
using TestSupport;

namespace DataService.Tests.Contract;

// One DATABASE_TYPE as an operator runs it (BackendHostFactory), with the OAuth token
// endpoint stood in for, and a client generated from the service's own OpenAPI document.
public abstract class ContractBackend(string mode, string? readFrom = null) : IAsyncLifetime
{
    private readonly OAuthStub _oauth = new();
    private IAsyncDisposable? _servers;

    public string Mode { get; } = mode;

    // PostgreSQL holds the data (postgres, hybrid, or dual reading from it).
    public bool ReadsPostgres => Mode is "postgres" or "hybrid" || readFrom == "postgres";

    // Transactions, batches and alerts need PostgreSQL tables the legacy layout lacks.
    public bool HasTransactions => Mode is "postgres" or "hybrid";

    public bool StoresAlerts => Mode != "redis";

    public BackendHostFactory Host { get; private set; } = null!;

    public SeedClient Client { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await _oauth.StartAsync();
        (Host, _servers) = await BackendHostFactory.StartAsync(Mode, readFrom, new Dictionary<string, string?>
        {
            ["DataAccess:ClaudeOAuth:TokenEndpoint"] = _oauth.TokenEndpoint.ToString(),
        });
        var admin = Host.Admin();
        Client = new SeedClient(admin, await DocumentedApi.LoadAsync(admin));
    }

    public async Task DisposeAsync()
    {
        if (_servers is not null)
        {
            await _servers.DisposeAsync();
        }

        await _oauth.DisposeAsync();
    }
}

public sealed class HybridContractBackend() : ContractBackend("hybrid");

public sealed class PostgresContractBackend() : ContractBackend("postgres");

public sealed class RedisContractBackend() : ContractBackend("redis");

public sealed class DualContractBackend() : ContractBackend("dual", "redis");
