using DataAccess.Remote;
using DataAccess.Tests.Contract;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using StackExchange.Redis;

namespace DataService.Tests.Remote;

// The remote backend: a client host with Database:Type=remote, calling a DataService that
// runs in memory on the hybrid backend, on this fixture's database, Redis keys and clock.
// The client host is set up like a service of the app (AddServiceDefaults: service
// discovery, resilience) and finds the DataService through services__dataservice__http__0;
// only its connection is the in-memory server's handler instead of a socket.
public sealed class RemoteBackendFixture : BackendFixture
{
    public const string AdminToken = "contract-admin-token";
    public const string ServiceToken = "contract-service-token";

    private InProcessDataService? _dataService;

    public override string DatabaseType => "remote";

    public InProcessDataService DataService => _dataService ?? throw new InvalidOperationException("The DataService starts with the fixture.");

    public override IServiceProvider Services => new RemoteBackendServices(Host.Services, DataService.Services);

    public override Task FlushUsageAsync() => DrainUsageStreamAsync(DataService.Services.GetRequiredService<IConnectionMultiplexer>().GetDatabase());

    protected override Task StartBackendAsync()
    {
        var settings = base.HostSettings();
        settings["Database:Type"] = "hybrid";
        settings["DataService:Auth:AdminTokens:0"] = AdminToken;
        settings["DataService:Auth:ServiceTokens:0"] = ServiceToken;
        _dataService = new InProcessDataService(settings, Clock);
        _dataService.StartServer();
        return Task.CompletedTask;
    }

    protected override async Task StopBackendAsync()
    {
        if (_dataService is not null)
        {
            await _dataService.DisposeAsync();
        }
    }

    // Nothing about PostgreSQL or Redis: the client reaches them only through the DataService.
    protected override Dictionary<string, string?> HostSettings() => new()
    {
        ["Database:Type"] = DatabaseType,
        ["Services:dataservice:http:0"] = DataService.Server.BaseAddress.ToString(),
        [$"{DataServiceClientOptions.SectionName}:Token"] = AdminToken,
        [$"{DataServiceClientOptions.SectionName}:StorageConfigRefreshInterval"] = "00:00:01",
    };

    protected override void ConfigureHost(HostApplicationBuilder builder)
    {
        builder.AddServiceDefaults();
        builder.UseFastRetries();
        builder.Services.AddHttpClient(DataServiceClient.HttpClientName).ConfigurePrimaryHttpMessageHandler(() => DataService.Server.CreateHandler());
    }
}
