using TestSupport;

namespace Gateway.Tests.Support;

// The gateway environment with the gateways' DataService a real process on a loopback port
// (on the same database and Redis as the in-memory one the tests administer through), so a
// test can stop and restart it under load.
public sealed class DataServiceProcessEnvironment : GatewayEnvironment
{
    private DataServiceProcess? _process;

    public DataServiceProcess Process => _process!;

    protected override Uri DataServiceAddress => Process.Address;

    protected override HttpMessageHandler DataServiceConnection() => new SocketsHttpHandler();

    private string ProcessStream => UsageStream + ":dataservice-process";

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _process = await DataServiceProcess.StartAsync(new Dictionary<string, string>
        {
            ["ConnectionStrings__postgres"] = PostgresConnectionString,
            ["ConnectionStrings__redis"] = TestServers.Redis,
            ["Security__EncryptionKey"] = EncryptionKey,
            ["DataService__Auth__ServiceTokens__0"] = ServiceToken,
            ["DataAccess__ClaudeOAuth__TokenEndpoint"] = OAuth.TokenEndpoint.ToString(),
            ["DataAccess__UsageStream__StreamKey"] = ProcessStream,
            ["DataAccess__UsageStream__DeadLetterKey"] = ProcessStream + ":dead",
            // Stable across restarts, so the restarted process takes back at once what it
            // had read from its write-behind stream but not yet written.
            ["DataAccess__UsageStream__ConsumerName"] = "restarted-dataservice",
        });
    }

    public override async Task DisposeAsync()
    {
        if (_process is not null)
        {
            await _process.DisposeAsync();
            await Redis.KeyDeleteAsync([ProcessStream, ProcessStream + ":dead"]);
        }

        await base.DisposeAsync();
    }
}
