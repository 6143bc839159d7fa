using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace ServiceDefaults.Tests;

// What our ServiceDefaults do differently from the Aspire template, each for a reason the
// README gives: probes answer in Production, and unsafe methods are never sent twice.
public sealed class ServiceDefaultsTests
{
    [Fact]
    public async Task Health_and_alive_answer_in_Production()
    {
        await using var app = await StartAsync(Environments.Production, _ => { });
        using var client = new HttpClient { BaseAddress = new Uri(Address(app)) };

        Assert.Equal("Healthy", await client.GetStringAsync("/health"));
        Assert.Equal("Healthy", await client.GetStringAsync("/alive"));
    }

    [Theory]
    [InlineData("GET", true)]
    [InlineData("POST", false)]
    [InlineData("PUT", false)]
    [InlineData("PATCH", false)]
    [InlineData("DELETE", false)]
    public async Task Only_safe_methods_are_sent_again_after_a_transient_failure(string method, bool retried)
    {
        var calls = 0;
        await using var upstream = await StartAsync(Environments.Production, app =>
            app.Map("/flaky", () => Interlocked.Increment(ref calls) == 1 ? Results.StatusCode(503) : Results.Ok()));

        var builder = Host.CreateApplicationBuilder();
        builder.AddServiceDefaults();
        builder.Services.AddHttpClient("upstream", http => http.BaseAddress = new Uri(Address(upstream)));
        using var host = builder.Build();
        var client = host.Services.GetRequiredService<IHttpClientFactory>().CreateClient("upstream");

        using var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), "/flaky"));

        Assert.Equal(retried ? HttpStatusCode.OK : HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(retried ? 2 : 1, calls);
    }

    private static async Task<WebApplication> StartAsync(string environment, Action<WebApplication> map)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = environment });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.AddServiceDefaults();
        var app = builder.Build();
        app.MapDefaultEndpoints();
        map(app);
        await app.StartAsync();
        return app;
    }

    private static string Address(WebApplication app) =>
        app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
}
