using DataAccess.Resilience;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using TestSupport;

namespace DataAccess.Tests.Resilience;

// The retry settings as a service gets them: bound by AddDataAccess from "DataAccess:Retry".
public sealed class RetryConfigurationTests
{
    [Fact]
    public void Without_configuration_the_contracts_defaults_apply()
    {
        using var host = Host(new Dictionary<string, string?>());

        var options = host.Services.GetRequiredService<IOptions<RetryOptions>>().Value;

        Assert.Equal((3, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(10), true), (options.MaxRetries, options.BaseDelay, options.MaxDelay, options.UseJitter));
        Assert.Equal([DatabaseErrorCode.ConnectionTimeout, DatabaseErrorCode.PoolExhausted, DatabaseErrorCode.QueryTimeout], options.RetryableCodes);
    }

    [Fact]
    public async Task The_section_sets_every_option_and_its_codes_replace_the_defaults()
    {
        using var host = Host(new Dictionary<string, string?>
        {
            ["DataAccess:Retry:MaxRetries"] = "1",
            ["DataAccess:Retry:BaseDelay"] = "00:00:00.002",
            ["DataAccess:Retry:MaxDelay"] = "00:00:00.004",
            ["DataAccess:Retry:UseJitter"] = "false",
            ["DataAccess:Retry:RetryableCodes:0"] = DatabaseErrorCode.QueryTimeout,
        });

        var options = host.Services.GetRequiredService<IOptions<RetryOptions>>().Value;
        var policy = host.Services.GetRequiredService<DataAccessRetryPolicy>();
        var slow = FailingOperation.Always(DatabaseErrorCode.QueryTimeout);
        var busy = FailingOperation.Always(DatabaseErrorCode.PoolExhausted);
        await Assert.ThrowsAsync<DatabaseError>(() => policy.ExecuteAsync(slow.RunAsync, default).AsTask());
        await Assert.ThrowsAsync<DatabaseError>(() => policy.ExecuteAsync(busy.RunAsync, default).AsTask());

        Assert.Equal((1, TimeSpan.FromMilliseconds(2), TimeSpan.FromMilliseconds(4), false), (options.MaxRetries, options.BaseDelay, options.MaxDelay, options.UseJitter));
        Assert.Equal([DatabaseErrorCode.QueryTimeout], options.RetryableCodes);
        Assert.Equal((2, 1), (slow.Attempts, busy.Attempts));
    }

    private static IHost Host(Dictionary<string, string?> retrySettings)
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>(retrySettings)
        {
            ["ConnectionStrings:postgres"] = TestServers.Postgres,
            ["Database:Type"] = "postgres",
        });
        builder.AddPostgresDataSourceAsTheServicesDo();
        builder.AddDataAccess();
        return builder.Build();
    }
}
