using Microsoft.Extensions.Configuration;
using ServiceDefaults.Http.ServiceDiscovery;

namespace ServiceDefaults.Tests.Http.ServiceDiscovery;

public sealed class ServiceEndpointResolverTests
{
    [Fact]
    public void Resolves_a_service_to_the_endpoint_named_after_the_scheme()
    {
        var resolver = Resolver(("Services:dataservice:http:0", "http://127.0.0.1:5001"));

        var resolved = resolver.Resolve(new Uri("http://dataservice/keys/abc?limit=5"));

        Assert.Equal(new Uri("http://127.0.0.1:5001/keys/abc?limit=5"), resolved);
    }

    [Fact]
    public void Prefers_the_first_listed_scheme_that_has_an_endpoint()
    {
        var resolver = Resolver(
            ("Services:dataservice:http:0", "http://127.0.0.1:5001"),
            ("Services:dataservice:https:0", "https://127.0.0.1:5002"));

        Assert.Equal(new Uri("https://127.0.0.1:5002/"), resolver.Resolve(new Uri("https+http://dataservice/")));
        Assert.Equal(new Uri("http://127.0.0.1:5001/"), resolver.Resolve(new Uri("http+https://dataservice/")));
    }

    [Fact]
    public void Falls_back_to_a_later_scheme_when_the_preferred_one_has_no_endpoint()
    {
        var resolver = Resolver(("Services:dataservice:http:0", "http://127.0.0.1:5001"));

        Assert.Equal(new Uri("http://127.0.0.1:5001/"), resolver.Resolve(new Uri("https+http://dataservice/")));
    }

    [Fact]
    public void An_endpoint_named_default_comes_before_endpoints_named_after_schemes()
    {
        var resolver = Resolver(
            ("Services:dataservice:http:0", "http://127.0.0.1:5001"),
            ("Services:dataservice:default:0", "http://127.0.0.1:5003"));

        Assert.Equal(new Uri("http://127.0.0.1:5003/"), resolver.Resolve(new Uri("http://dataservice/")));
    }

    [Fact]
    public void Resolves_a_named_endpoint()
    {
        var resolver = Resolver(
            ("Services:dataservice:http:0", "http://127.0.0.1:5001"),
            ("Services:dataservice:admin:0", "http://127.0.0.1:5004"));

        Assert.Equal(new Uri("http://127.0.0.1:5004/stats"), resolver.Resolve(new Uri("http://_admin.dataservice/stats")));
    }

    [Fact]
    public void Reads_an_endpoint_given_as_a_single_value()
    {
        var resolver = Resolver(("Services:dataservice:http", "http://127.0.0.1:5001"));

        Assert.Equal(new Uri("http://127.0.0.1:5001/"), resolver.Resolve(new Uri("http://dataservice/")));
    }

    [Fact]
    public void Gives_a_bare_host_and_port_the_preferred_scheme()
    {
        var resolver = Resolver(("Services:dataservice:default:0", "127.0.0.1:5005"));

        Assert.Equal(new Uri("https://127.0.0.1:5005/"), resolver.Resolve(new Uri("https+http://dataservice/")));
    }

    [Fact]
    public void Replicas_take_turns()
    {
        var resolver = Resolver(
            ("Services:dataservice:http:0", "http://127.0.0.1:5001"),
            ("Services:dataservice:http:1", "http://127.0.0.1:5002"),
            ("Services:dataservice:http:2", "http://127.0.0.1:5003"));

        var ports = Enumerable.Range(0, 6).Select(_ => resolver.Resolve(new Uri("http://dataservice/")).Port);

        Assert.Equal([5001, 5002, 5003, 5001, 5002, 5003], ports);
    }

    [Fact]
    public void Reads_endpoints_injected_as_environment_variables()
    {
        const string Variable = "services__envinjected__http__0";
        Environment.SetEnvironmentVariable(Variable, "http://127.0.0.1:5006");
        try
        {
            var resolver = new ServiceEndpointResolver(new ConfigurationBuilder().AddEnvironmentVariables().Build());

            Assert.Equal(new Uri("http://127.0.0.1:5006/"), resolver.Resolve(new Uri("http://envinjected/")));
        }
        finally
        {
            Environment.SetEnvironmentVariable(Variable, null);
        }
    }

    [Fact]
    public void A_host_that_is_not_a_configured_service_passes_through()
    {
        var resolver = Resolver(("Services:dataservice:http:0", "http://127.0.0.1:5001"));
        var external = new Uri("https://api.anthropic.com/v1/messages");

        Assert.False(resolver.TryResolve(external, out _));
        Assert.Same(external, resolver.Resolve(external));
    }

    [Fact]
    public void A_scheme_list_for_an_unknown_service_fails_with_a_message_saying_what_to_configure()
    {
        var resolver = Resolver(("Services:dataservice:http:0", "http://127.0.0.1:5001"));

        var error = Assert.Throws<InvalidOperationException>(() => resolver.Resolve(new Uri("https+http://billing/")));

        Assert.Contains("https+http://billing/", error.Message);
        Assert.Contains("Services:billing", error.Message);
        Assert.Contains("services__billing__http__0", error.Message);
    }

    [Fact]
    public void A_known_service_without_an_endpoint_for_the_scheme_fails_with_the_sections_tried()
    {
        var resolver = Resolver(("Services:dataservice:https:0", "https://127.0.0.1:5002"));

        Assert.False(resolver.TryResolve(new Uri("http://dataservice/"), out _));
        var error = Assert.Throws<InvalidOperationException>(() => resolver.Resolve(new Uri("http://dataservice/")));

        Assert.Contains("'Services:dataservice:default', 'Services:dataservice:http'", error.Message);
    }

    [Fact]
    public void An_endpoint_that_is_not_a_url_is_reported()
    {
        var resolver = Resolver(("Services:dataservice:http:0", "http://"));

        var error = Assert.Throws<InvalidOperationException>(() => resolver.Resolve(new Uri("http://dataservice/")));

        Assert.Contains("Services:dataservice:http:0", error.Message);
    }

    private static ServiceEndpointResolver Resolver(params (string Key, string Value)[] settings) =>
        new(new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(setting => KeyValuePair.Create(setting.Key, (string?)setting.Value)))
            .Build());
}
