using System.Net;
using System.Text.Json;
using DataAccess.Accounts;
using Gateway.Tests.Support;
using Microsoft.Extensions.Options;
using TestSupport.Proxies;

namespace Gateway.Tests;

// Accounts behind an HTTP or SOCKS5 proxy that requires a user name and password: requests go
// through the proxy with the account's credentials (the DataService hands the password to
// the gateway with the access token), accounts behind the same proxy share one pooled
// handler, and refused credentials give the client a clear upstream error.
public sealed class ProxyTests(GatewayEnvironment environment) : IClassFixture<GatewayEnvironment>, IAsyncLifetime
{
    private const string User = "relay-user";
    private const string Password = "s3cret:with-colon";

    public Task InitializeAsync() => environment.RetireAccountsAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    // The HTTP stand-in serves one request per connection; the SOCKS5 one keeps its tunnel, so
    // the two accounts' four requests share one pooled connection.
    [Theory]
    [InlineData("http", 4)]
    [InlineData("socks5", 1)]
    public async Task Requests_of_accounts_behind_a_proxy_go_through_it_with_its_credentials(string kind, int connections)
    {
        await using var proxy = Start(kind, User, Password);
        var first = Token();
        var second = Token();
        await environment.CreateAccountAsync(first, proxy: Config(kind, proxy.Port, User, Password));
        await environment.CreateAccountAsync(second, proxy: Config(kind, proxy.Port, User, Password));
        var key = await environment.CreateKeyAsync();
        using var client = environment.Client(key.ApiKey);
        var marker = Guid.NewGuid().ToString("N");

        for (var request = 0; request < 4; request++)
        {
            using var response = await client.PostAsync("/v1/messages", GatewayEnvironment.Message($"{marker} {request}", stream: request % 2 == 1));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            await response.Content.ReadAsStringAsync();
        }

        var served = environment.Upstream.Requests.Where(seen => seen.Body.Contains(marker, StringComparison.Ordinal)).GroupBy(seen => seen.AccessToken).ToDictionary(group => group.Key, group => group.Count());
        Assert.Equal(2, served.GetValueOrDefault(first));
        Assert.Equal(2, served.GetValueOrDefault(second));
        Assert.Equal(connections, proxy.Connections);
        Assert.Equal(connections, proxy.Admitted);
        Assert.Equal(0, proxy.Refused);
    }

    [Fact]
    public async Task Wrong_credentials_for_an_http_proxy_give_a_clear_upstream_error()
    {
        await using var proxy = Start("http", User, Password);
        var token = Token();
        await environment.CreateAccountAsync(token, proxy: Config("http", proxy.Port, User, "wrong-password"));
        var key = await environment.CreateKeyAsync();
        using var client = environment.Client(key.ApiKey);

        using var response = await client.PostAsync("/v1/messages", GatewayEnvironment.Message());

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        await AssertError.IsAsync(response, "api_error", $"The account's proxy http://127.0.0.1:{proxy.Port}/ rejected its credentials (407 Proxy Authentication Required)");
        Assert.DoesNotContain(environment.Upstream.Requests, seen => seen.AccessToken == token);
        Assert.Equal(1, proxy.Refused);
        Assert.Equal(0, proxy.Admitted);
    }

    [Fact]
    public async Task Wrong_credentials_for_a_socks5_proxy_give_a_clear_upstream_error()
    {
        await using var proxy = Start("socks5", User, Password);
        var token = Token();
        await environment.CreateAccountAsync(token, proxy: Config("socks5", proxy.Port, "someone-else", Password));
        var key = await environment.CreateKeyAsync();
        using var client = environment.Client(key.ApiKey);

        using var response = await client.PostAsync("/v1/messages", GatewayEnvironment.Message());

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var error = body.RootElement.GetProperty("error");
        Assert.Equal("api_error", error.GetProperty("type").GetString());
        Assert.StartsWith($"The upstream could not be reached through the account's proxy socks5://127.0.0.1:{proxy.Port}/: ", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Contains("SOCKS", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain(Password, error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain(environment.Upstream.Requests, seen => seen.AccessToken == token);
        Assert.True(proxy.Refused >= 1);
        Assert.Equal(0, proxy.Admitted);
    }

    private static ProxyStandIn Start(string kind, string user, string password)
    {
        ProxyStandIn proxy = kind == "socks5" ? new Socks5ProxyStandIn(user, password) : new HttpProxyStandIn(user, password);
        proxy.Start();
        return proxy;
    }

    private static ProxyConfig Config(string kind, int port, string user, string password) =>
        new() { Type = kind, Host = "127.0.0.1", Port = port, Username = user, Password = password };

    private static string Token() => $"sk-ant-oat01-{Guid.NewGuid():N}";
}

// The upstream the way the real one is reached from behind an HTTP proxy: https://, so the
// account's requests go through a CONNECT tunnel that the proxy opens once it has the
// account's credentials, and TLS runs end to end inside it.
public sealed class TunnelProxyTests(TlsUpstreamEnvironment environment) : IClassFixture<TlsUpstreamEnvironment>, IAsyncLifetime
{
    public Task InitializeAsync() => environment.RetireAccountsAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task An_https_upstream_is_reached_through_the_accounts_http_proxy_in_a_CONNECT_tunnel()
    {
        await using var proxy = new HttpProxyStandIn("tunnel-user", "tunnel-password");
        proxy.Start();
        var token = $"sk-ant-oat01-{Guid.NewGuid():N}";
        await environment.CreateAccountAsync(token, proxy: new ProxyConfig { Type = "http", Host = "127.0.0.1", Port = proxy.Port, Username = "tunnel-user", Password = "tunnel-password" });
        var key = await environment.CreateKeyAsync();
        using var client = environment.Client(key.ApiKey);

        var answers = new List<string>();
        foreach (var stream in new[] { false, true, false })
        {
            using var response = await client.PostAsync("/v1/messages", GatewayEnvironment.Message(stream: stream));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            answers.Add(await response.Content.ReadAsStringAsync());
        }

        Assert.All(answers, answer => Assert.Contains("\"output_tokens\":50", answer, StringComparison.Ordinal));
        Assert.Equal(3, environment.Upstream.Requests.Count(seen => seen.AccessToken == token));
        Assert.StartsWith("https://", environment.Upstream.BaseAddress.ToString(), StringComparison.Ordinal);

        // The tunnel is kept: one CONNECT let through, after the handler answered the proxy's
        // challenge (407) with the account's credentials.
        Assert.Equal(1, proxy.Admitted);
        Assert.Equal(1, proxy.Refused);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_trusted_certificates_file_that_is_missing_or_holds_no_certificate_stops_the_gateway_at_start(bool exists)
    {
        var file = Path.Combine(Path.GetTempPath(), $"trusted-{Guid.NewGuid():N}.pem");
        if (exists)
        {
            File.WriteAllText(file, "not a certificate");
        }

        var error = Assert.ThrowsAny<OptionsValidationException>(() =>
            environment.StartGateway(extraSettings: new Dictionary<string, string?> { ["Gateway:Upstreams:TrustedCertificatesFile"] = file }));

        Assert.Contains("Gateway:Upstreams:TrustedCertificatesFile must name a PEM file of certificates.", error.Message, StringComparison.Ordinal);
    }
}
