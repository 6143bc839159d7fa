using ServiceDefaults.Redis;

namespace ServiceDefaults.Tests.Redis;

public sealed class RedisConnectionStringTests
{
    [Fact]
    public void Parses_the_aspire_format_with_every_option()
    {
        var options = RedisOptions.Parse(
            "cache.local:6380,password=p@ss=word,user=app,ssl=true,sslHost=redis.example,defaultDatabase=3,abortConnect=false,connectTimeout=2500,syncTimeout=1500,name=gateway,keepAlive=10");

        Assert.Equal([new RedisEndpoint("cache.local", 6380)], options.Endpoints);
        Assert.Equal("p@ss=word", options.Password);
        Assert.Equal("app", options.User);
        Assert.True(options.Ssl);
        Assert.Equal("redis.example", options.SslHost);
        Assert.Equal(3, options.Database);
        Assert.False(options.AbortOnConnectFail);
        Assert.Equal(TimeSpan.FromMilliseconds(2500), options.ConnectTimeout);
        Assert.Equal(TimeSpan.FromMilliseconds(1500), options.CommandTimeout);
        Assert.Equal("gateway", options.ClientName);
        Assert.Equal(TimeSpan.FromSeconds(10), options.KeepAlive);
    }

    [Theory]
    [InlineData("localhost", "localhost", 6379)]
    [InlineData("localhost,ssl=true", "localhost", 6380)]
    [InlineData("10.0.0.5:7000", "10.0.0.5", 7000)]
    [InlineData("[::1]:7001", "::1", 7001)]
    [InlineData("[::1]", "::1", 6379)]
    public void Endpoints_default_their_port(string connectionString, string host, int port)
    {
        var options = RedisOptions.Parse(connectionString);

        Assert.Equal(new RedisEndpoint(host, port), Assert.Single(options.Endpoints));
    }

    [Fact]
    public void Several_endpoints_are_kept_in_order()
    {
        var options = RedisOptions.Parse("a:1,b:2, c:3");

        Assert.Equal(["a:1", "b:2", "c:3"], options.Endpoints.Select(endpoint => endpoint.ToString()));
    }

    [Fact]
    public void StackExchange_options_without_meaning_here_are_accepted()
    {
        var options = RedisOptions.Parse("localhost,allowAdmin=true,connectRetry=5");

        Assert.Single(options.Endpoints);
    }

    [Theory]
    [InlineData("", "")]
    [InlineData("password=x", "names no endpoint")]
    [InlineData("localhost,frobnicate=1", "Unknown Redis connection string option 'frobnicate'")]
    [InlineData("localhost,ssl=maybe", "expects true or false")]
    [InlineData("localhost,defaultDatabase=-1", "non-negative whole number")]
    [InlineData("localhost:99999", "invalid port")]
    public void Bad_connection_strings_are_rejected_with_a_clear_message(string connectionString, string message)
    {
        var exception = Record.Exception(() => RedisOptions.Parse(connectionString));

        Assert.NotNull(exception);
        Assert.Contains(message, exception.Message);
    }

    [Fact]
    public void Options_never_print_the_password()
    {
        var options = RedisOptions.Parse("localhost,password=hunter2");

        Assert.DoesNotContain("hunter2", options.ToString());
    }
}
