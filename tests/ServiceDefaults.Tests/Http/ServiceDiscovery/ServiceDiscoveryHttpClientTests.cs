using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ServiceDefaults.Tests.Http.ServiceDiscovery;

public sealed class ServiceDiscoveryHttpClientTests
{
    [Fact]
    public async Task A_client_from_service_defaults_reaches_a_service_by_its_name()
    {
        await using var myservice = await StubServer.StartAsync((_, context) => context.Response.WriteAsync("hello from myservice"));
        const string Variable = "services__myservice__http__0";
        Environment.SetEnvironmentVariable(Variable, myservice.Url.ToString());
        try
        {
            using var host = ServiceWithDefaults();
            var client = host.Services.GetRequiredService<IHttpClientFactory>().CreateClient();

            Assert.Equal("hello from myservice", await client.GetStringAsync("http://myservice/greeting"));
        }
        finally
        {
            Environment.SetEnvironmentVariable(Variable, null);
        }
    }

    [Fact]
    public async Task A_named_client_with_a_scheme_list_base_address_reaches_the_service()
    {
        await using var myservice = await StubServer.StartAsync((_, context) => context.Response.WriteAsync(context.Request.Path));
        using var host = ServiceWithDefaults(builder =>
        {
            builder.Configuration["Services:myservice:http:0"] = myservice.Url.ToString();
            builder.Services.AddHttpClient("myservice", client => client.BaseAddress = new Uri("https+http://myservice"));
        });
        var client = host.Services.GetRequiredService<IHttpClientFactory>().CreateClient("myservice");

        Assert.Equal("/keys/42", await client.GetStringAsync("/keys/42"));
    }

    [Fact]
    public async Task A_client_from_service_defaults_still_reaches_ordinary_urls()
    {
        await using var server = await StubServer.StartAsync((_, context) => context.Response.WriteAsync("plain"));
        using var host = ServiceWithDefaults();
        var client = host.Services.GetRequiredService<IHttpClientFactory>().CreateClient();

        Assert.Equal("plain", await client.GetStringAsync(server.Url));
    }

    private static IHost ServiceWithDefaults(Action<HostApplicationBuilder>? configure = null)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.AddServiceDefaults();
        configure?.Invoke(builder);
        return builder.Build();
    }
}
