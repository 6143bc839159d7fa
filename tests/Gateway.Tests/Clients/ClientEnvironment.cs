using Gateway.Tests.Support;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using TestSupport;

namespace Gateway.Tests.Clients;

// A gateway listening on a loopback port, so that clients in other processes (node, Claude
// Code) and the .NET SDK's own HTTP stack reach it like a deployed one, with one account
// behind it on the stand-in Anthropic API.
public sealed class ClientEnvironment : GatewayEnvironment
{
    public const string AccessToken = "sk-ant-oat01-real-clients";

    public Uri Address { get; private set; } = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        var gateway = StartGateway(listen: true);
        Address = new Uri(gateway.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        await CreateAccountAsync(AccessToken);
    }

    // The one request the stand-in received since `before`: it carried the account's token,
    // and the client's key reached it in no header.
    public SeenRequest SingleUpstreamRequest(int before, string apiKey)
    {
        var seen = Assert.Single(Upstream.Requests.Skip(before));
        Assert.Equal(AccessToken, seen.AccessToken);
        Assert.DoesNotContain(seen.Headers.Values, value => value.Contains(apiKey, StringComparison.Ordinal));
        return seen;
    }

    // Exactly one usage event for the key in PostgreSQL, with the stand-in's tokens and cost.
    public async Task AssertRecordedOnceAsync(Guid keyId)
    {
        await WaitForUsageAsync(keyId, 1);
        await Task.Delay(300);
        Assert.Equal(
            (1L, AnthropicStandIn.InputTokens, AnthropicStandIn.OutputTokens, AnthropicStandIn.CostPerRequest),
            await RecordedUsageAsync(keyId));
    }
}
