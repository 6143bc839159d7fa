using System.Net.Http.Headers;
using System.Text;
using DataAccess.Accounts;
using DataAccess.ApiKeys;
using DataAccess.Postgres.Schema;
using Gateway.Accounts;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;
using StackExchange.Redis;
using TestSupport;

namespace Gateway.Tests.Support;

// Everything a gateway needs, real where it is ours: a throwaway PostgreSQL database with the
// schema, the test Redis, the DataService in memory on them, and stand-ins for what is
// outside (the Anthropic API and the OAuth token endpoint). Gateways are created on demand;
// two of them share Redis and the DataService like two replicas.
public class GatewayEnvironment : IAsyncLifetime
{
    public const string EncryptionKey = "gateway-test-encryption-key";
    public const string AdminToken = "gateway-test-admin-token-0123456789";
    public const string ServiceToken = "gateway-test-service-token-0123456789";

    private readonly List<GatewayHost> _gateways = [];
    private readonly List<Guid> _accounts = [];
    private PostgresTestDatabase? _database;
    private ConnectionMultiplexer? _redis;

    public string UsageStream { get; } = $"test:{Guid.NewGuid():N}:gateway-usage";

    public DataServiceHost? DataService { get; private set; }

    public GatewayEnvironment()
        : this(new AnthropicStandIn())
    {
    }

    protected GatewayEnvironment(AnthropicStandIn upstream) => Upstream = upstream;

    public AnthropicStandIn Upstream { get; }

    public OAuthStub OAuth { get; } = new();

    public DataServiceTraffic DataServiceTraffic { get; } = new();

    public bool DataServiceDown
    {
        get => DataServiceTraffic.IsDown;
        set => DataServiceTraffic.IsDown = value;
    }

    public IDatabase Redis => _redis!.GetDatabase();

    public IApiKeyStore Keys => DataService!.Services.GetRequiredService<IApiKeyStore>();

    public IClaudeAccountStore Accounts => DataService!.Services.GetRequiredService<IClaudeAccountStore>();

    public GatewayHost Gateway => _gateways.Count > 0 ? _gateways[0] : StartGateway();

    protected virtual IReadOnlyDictionary<string, string?> ExtraGatewaySettings => new Dictionary<string, string?>();

    protected virtual IReadOnlyDictionary<string, string?> ExtraDataServiceSettings => new Dictionary<string, string?>();

    // Services of the gateways this environment starts, set as a test needs them.
    protected virtual void ConfigureGatewayServices(IServiceCollection services)
    {
    }

    public string PostgresConnectionString => _database!.ConnectionString;

    // Where gateways reach the DataService: the in-memory one unless a fixture runs it elsewhere.
    protected virtual Uri DataServiceAddress => new("http://dataservice.test/");

    protected virtual HttpMessageHandler DataServiceConnection() => DataService!.Server.CreateHandler();

    public virtual async Task InitializeAsync()
    {
        _database = await PostgresTestDatabase.CreateAsync("gateway");
        await using (var dataSource = NpgsqlDataSource.Create(_database.ConnectionString))
        {
            using var loggers = LoggerFactory.Create(_ => { });
            await new SchemaMigrator(dataSource, new EmbeddedMigrationSource(), loggers.CreateLogger<SchemaMigrator>()).MigrateAsync();
        }

        _redis = await ConnectionMultiplexer.ConnectAsync(TestServers.Redis);
        await OAuth.StartAsync();
        await Upstream.StartAsync();
        var dataServiceSettings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:postgres"] = _database.ConnectionString,
            ["ConnectionStrings:redis"] = TestServers.Redis,
            ["Security:EncryptionKey"] = EncryptionKey,
            ["DataService:Auth:AdminTokens:0"] = AdminToken,
            ["DataService:Auth:ServiceTokens:0"] = ServiceToken,
            ["DataAccess:ClaudeOAuth:TokenEndpoint"] = OAuth.TokenEndpoint.ToString(),
            ["DataAccess:UsageStream:StreamKey"] = UsageStream + ":dataservice",
            ["DataAccess:UsageStream:DeadLetterKey"] = UsageStream + ":dataservice:dead",
        };
        foreach (var (key, value) in ExtraDataServiceSettings)
        {
            dataServiceSettings[key] = value;
        }

        DataService = new DataServiceHost(dataServiceSettings);
        _ = DataService.Server;
    }

    public virtual async Task DisposeAsync()
    {
        foreach (var gateway in _gateways)
        {
            await gateway.DisposeAsync();
        }

        if (DataService is not null)
        {
            await DataService.DisposeAsync();
        }

        await Upstream.DisposeAsync();
        await OAuth.DisposeAsync();
        if (_redis is not null)
        {
            await Redis.KeyDeleteAsync([UsageStream, UsageStream + ":dead", UsageStream + ":dataservice", UsageStream + ":dataservice:dead"]);
            await _redis.DisposeAsync();
        }

        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }

    // In memory, or with listen on a loopback port (Kestrel) for clients in other processes.
    public GatewayHost StartGateway(bool listen = false, IReadOnlyDictionary<string, string?>? extraSettings = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:redis"] = TestServers.Redis,
            ["Security:EncryptionKey"] = EncryptionKey,
            ["DataService:Client:BaseAddress"] = DataServiceAddress.ToString(),
            ["DataService:Client:Token"] = ServiceToken,
            ["Gateway:Upstreams:Claude"] = Upstream.BaseAddress.ToString(),
            ["Gateway:Usage:StreamKey"] = UsageStream,
            ["Gateway:Usage:PollInterval"] = "00:00:00.020",
        };
        foreach (var (key, value) in ExtraGatewaySettings.Concat(extraSettings ?? new Dictionary<string, string?>()))
        {
            settings[key] = value;
        }

        var gateway = new GatewayHost(settings, DataServiceConnection, DataServiceTraffic, ConfigureGatewayServices);
        try
        {
            if (listen)
            {
                gateway.UseKestrel(0);
                gateway.StartServer();
            }
            else
            {
                _ = gateway.Server;
            }
        }
        catch
        {
            gateway.Dispose();
            throw;
        }

        _gateways.Add(gateway);
        return gateway;
    }

    public IReadOnlyList<GatewayHost> Gateways => _gateways;

    public HttpClient Client(string? apiKey, GatewayHost? gateway = null)
    {
        var client = (gateway ?? Gateway).CreateClient();
        client.Timeout = TimeSpan.FromSeconds(60);
        if (apiKey is not null)
        {
            client.DefaultRequestHeaders.Add("x-api-key", apiKey);
        }

        client.DefaultRequestHeaders.Add("anthropic-version", "2023-06-01");
        return client;
    }

    public async Task<CreatedApiKey> CreateKeyAsync(ApiKeyLimits? limits = null, ApiKeyRestrictions? restrictions = null, string? permissions = null, string? boundAccount = null)
    {
        var result = await Keys.CreateApiKeyAsync(new CreateApiKeyRequest
        {
            Name = $"test key {Guid.NewGuid():N}",
            Limits = limits ?? new ApiKeyLimits(),
            Restrictions = restrictions,
            Permissions = permissions,
            AccountBindings = boundAccount is null ? null : new AccountBindings { ClaudeAccountId = boundAccount },
        });
        Assert.True(result.Success, result.Error);
        return result.Data!;
    }

    // A new shared account with this access token; every gateway sees it at once.
    public async Task<Guid> CreateAccountAsync(
        string accessToken, int priority = 50, DateTimeOffset? expiresAt = null, string? refreshToken = null, string accountType = "shared", ProxyConfig? proxy = null)
    {
        var result = await Accounts.CreateClaudeAccountAsync(new CreateAccountRequest
        {
            Name = $"account {accessToken}",
            OAuthData = new OAuthCredentials
            {
                AccessToken = accessToken,
                RefreshToken = refreshToken ?? $"refresh-{accessToken}",
                ExpiresAt = expiresAt ?? DateTimeOffset.UtcNow.AddHours(8),
                Scopes = ["user:inference", "user:profile"],
            },
            Priority = priority,
            AccountType = accountType,
            ProxyConfig = proxy,
        });
        Assert.True(result.Success, result.Error);
        _accounts.Add(result.Data!.Id);
        await RefreshAccountsAsync();
        return result.Data.Id;
    }

    // A test's starting point: the accounts of earlier tests retired and one new shared account
    // (its access token named after the test class, so the stand-in's logs tell them apart).
    public async Task UseOnlyNewAccountAsync(string label)
    {
        await RetireAccountsAsync();
        await CreateAccountAsync($"sk-ant-oat01-{label}-{Guid.NewGuid():N}");
    }

    // Lets go of the answers a test held back at the stand-in.
    public void ReleaseHeldStreams()
    {
        Upstream.HoldStreams?.TrySetResult();
        Upstream.HoldStreams = null;
    }

    // Takes the accounts of earlier tests out of scheduling, so each test chooses among its own.
    public async Task RetireAccountsAsync()
    {
        foreach (var account in _accounts)
        {
            await Accounts.UpdateAccountStatusAsync(account, AccountStatus.Inactive);
        }

        _accounts.Clear();
        await RefreshAccountsAsync();
    }

    public async Task RefreshAccountsAsync()
    {
        foreach (var gateway in _gateways.Count == 0 ? [Gateway] : _gateways)
        {
            await gateway.Services.GetRequiredService<AccountPool>().RefreshAsync(CancellationToken.None);
        }
    }

    public static StringContent Message(string text = "Hello", bool stream = false, string model = AnthropicStandIn.Model, string? system = null)
    {
        var systemPart = system is null ? "" : $",\"system\":\"{system}\"";
        return new StringContent(
            $$"""{"model":"{{model}}","max_tokens":100,"stream":{{(stream ? "true" : "false")}}{{systemPart}},"messages":[{"role":"user","content":"{{text}}"}]}""",
            Encoding.UTF8,
            new MediaTypeHeaderValue("application/json"));
    }

    // The usage PostgreSQL holds for a key: (events, input tokens, output tokens, cost).
    public async Task<(long Events, long Input, long Output, decimal Cost)> RecordedUsageAsync(Guid keyId)
    {
        await using var connection = new NpgsqlConnection(_database!.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT count(*), coalesce(sum(input_tokens), 0), coalesce(sum(output_tokens), 0), coalesce(sum(cost), 0) FROM usage_events WHERE api_key_id = @key", connection);
        command.Parameters.AddWithValue("key", keyId);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return (reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetDecimal(3));
    }

    // A web user of the legacy relay's kind, the owner of keys it made.
    public async Task AddWebUserAsync(string userId, bool isActive)
    {
        await using var connection = new NpgsqlConnection(_database!.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("INSERT INTO users (id, username, is_active, data) VALUES (@id, @id, @active, '{}')", connection);
        command.Parameters.AddWithValue("id", userId);
        command.Parameters.AddWithValue("active", isActive);
        await command.ExecuteNonQueryAsync();
    }

    // An account's stored state, read from PostgreSQL itself (the DataService's reads may be
    // served from its cache): (status, rate-limit reset, error message).
    public async Task<(string Status, DateTimeOffset? ResetAt, string? ErrorMessage)> StoredAccountAsync(Guid accountId)
    {
        await using var connection = new NpgsqlConnection(_database!.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT status, rate_limit_reset_at, error_message FROM accounts WHERE id = @id", connection);
        command.Parameters.AddWithValue("id", accountId);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return (reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetFieldValue<DateTimeOffset>(1), reader.IsDBNull(2) ? null : reader.GetString(2));
    }

    // Waits until a counter the gateway's scripts keep in Redis reads the expected value
    // (they run after the answer has reached the client).
    public async Task WaitForCounterAsync(RedisKey key, long expected)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        long count;
        while ((count = (long)await Redis.StringGetAsync(key)) != expected && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        Assert.Equal(expected, count);
    }

    // Waits until PostgreSQL holds this many usage events of the key (delivery is asynchronous).
    public async Task<(long Events, long Input, long Output, decimal Cost)> WaitForUsageAsync(Guid keyId, long events, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(20));
        while (true)
        {
            var usage = await RecordedUsageAsync(keyId);
            if (usage.Events >= events || DateTime.UtcNow > deadline)
            {
                return usage;
            }

            await Task.Delay(50);
        }
    }
}
