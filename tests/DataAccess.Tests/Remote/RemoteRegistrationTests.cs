using DataAccess.Accounts;
using DataAccess.ApiKeys;
using DataAccess.Remote;
using DataAccess.Sessions;
using DataAccess.Storage;
using DataAccess.Transactions;
using DataAccess.Usage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Npgsql;
using StackExchange.Redis;

namespace DataAccess.Tests.Remote;

public sealed class RemoteRegistrationTests
{
    private const string DataServiceUrl = "http://127.0.0.1:5123";

    [Fact]
    public void Database_type_remote_serves_every_interface_over_http_without_postgres_or_redis()
    {
        using var host = Build(new Dictionary<string, string?> { ["DATABASE_TYPE"] = "remote" });

        Assert.IsType<RemoteApiKeyStore>(host.Services.GetRequiredService<IApiKeyStore>());
        Assert.IsType<RemoteClaudeAccountStore>(host.Services.GetRequiredService<IClaudeAccountStore>());
        Assert.IsType<RemoteOpenAiAccountStore>(host.Services.GetRequiredService<IOpenAiAccountStore>());
        Assert.IsType<RemoteUsageStore>(host.Services.GetRequiredService<IUsageStore>());
        Assert.IsType<RemoteSessionStore>(host.Services.GetRequiredService<ISessionStore>());
        Assert.IsType<RemoteStorageStrategy>(host.Services.GetRequiredService<IStorageStrategy>());
        Assert.IsType<RemoteTransactionManager>(host.Services.GetRequiredService<ITransactionManager>());
        Assert.Null(host.Services.GetService<NpgsqlDataSource>());
        Assert.Null(host.Services.GetService<IConnectionMultiplexer>());
    }

    [Fact]
    public void The_client_finds_the_DataService_by_service_discovery_and_sends_the_configured_token()
    {
        using var host = Build(
            new Dictionary<string, string?> { ["Database:Type"] = "remote", ["Services:dataservice:http:0"] = DataServiceUrl, ["DataService:Client:Token"] = "configured-token" },
            withServiceDefaults: true);

        var http = host.Services.GetRequiredService<IHttpClientFactory>().CreateClient(DataServiceClient.HttpClientName);

        Assert.Equal(new Uri("https+http://dataservice/"), http.BaseAddress);
        Assert.Equal(("Bearer", "configured-token"), (http.DefaultRequestHeaders.Authorization?.Scheme, http.DefaultRequestHeaders.Authorization?.Parameter));
    }

    [Fact]
    public void The_base_address_can_be_set_and_the_token_can_come_from_DATASERVICE_TOKEN()
    {
        using var host = Build(new Dictionary<string, string?>
        {
            ["Database:Type"] = "remote",
            ["DataService:Client:BaseAddress"] = "http://10.0.0.7:8080/data",
            ["DATASERVICE_TOKEN"] = "variable-token",
        });

        var http = host.Services.GetRequiredService<IHttpClientFactory>().CreateClient(DataServiceClient.HttpClientName);

        Assert.Equal(new Uri("http://10.0.0.7:8080/data/"), http.BaseAddress);
        Assert.Equal("variable-token", http.DefaultRequestHeaders.Authorization?.Parameter);
    }

    [Fact]
    public void Without_a_token_no_authorization_header_is_sent()
    {
        using var host = Build(new Dictionary<string, string?> { ["Database:Type"] = "remote", ["Services:dataservice:http:0"] = DataServiceUrl }, withServiceDefaults: true);

        var http = host.Services.GetRequiredService<IHttpClientFactory>().CreateClient(DataServiceClient.HttpClientName);

        Assert.Null(http.DefaultRequestHeaders.Authorization);
    }

    [Fact]
    public async Task A_DataService_that_service_discovery_cannot_find_stops_the_host_at_start()
    {
        using var host = Build(new Dictionary<string, string?> { ["Database:Type"] = "remote" }, withServiceDefaults: true);

        var failure = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("services__dataservice__http__0", failure.Message);
    }

    [Fact]
    public async Task The_default_address_needs_service_discovery()
    {
        using var host = Build(new Dictionary<string, string?> { ["Database:Type"] = "remote" });

        var failure = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("AddServiceDefaults", failure.Message);
    }

    private static IHost Build(Dictionary<string, string?> settings, bool withServiceDefaults = false)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(settings);
        if (withServiceDefaults)
        {
            builder.AddServiceDefaults();
        }

        builder.AddDataAccess();
        return builder.Build();
    }
}
