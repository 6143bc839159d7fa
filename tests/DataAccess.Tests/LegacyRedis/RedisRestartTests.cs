using System.Diagnostics;
using DataAccess.ApiKeys;
using DataAccess.Usage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using TestSupport;
using Xunit.Abstractions;

namespace DataAccess.Tests.LegacyRedis;

// redis-server restarted under traffic through the data layer, on the redis backend where
// every call needs Redis: while it is down each call fails at once with a cache error that
// says so (nothing waits for the 10 s command timeout), and once it is back the same host
// answers again, without being restarted.
public sealed class RedisRestartTests(ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(10);
    private RedisServerProcess _redis = null!;

    // Append-only, so what was written before the restart is there after it.
    public async Task InitializeAsync() => _redis = await RedisServerProcess.StartAsync("--appendonly", "yes", "--appendfsync", "always");

    public async Task DisposeAsync() => await _redis.DisposeAsync();

    [Fact]
    public async Task Calls_fail_fast_while_Redis_is_down_and_succeed_once_it_is_back()
    {
        using var host = BuildHost();
        await host.StartAsync();
        var keys = host.Services.GetRequiredService<IApiKeyStore>();
        var usage = host.Services.GetRequiredService<IUsageStore>();
        var created = (await keys.CreateApiKeyAsync(new CreateApiKeyRequest { Name = "restarted" })).Unwrap();
        (await keys.ValidateApiKeyAsync(created.HashedKey)).Unwrap();

        using var stop = new CancellationTokenSource();
        var calls = new List<(string Phase, bool Success, string? Code, string? Error, TimeSpan Took)>();
        var phase = "before";
        var traffic = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                var current = Volatile.Read(ref phase);
                var started = Stopwatch.GetTimestamp();
                var validated = await keys.ValidateApiKeyAsync(created.HashedKey);
                var recorded = validated.Success
                    ? await usage.RecordUsageAsync(new UsageRecord { ApiKeyId = created.Id, Model = "claude-sonnet-4", InputTokens = 1 })
                    : DataResult.Fail(new DatabaseError(validated.Code!, validated.Error!));
                // A call that began in one phase and ended in another was under way during a
                // transition, so it may go either way.
                var inPhase = current == Volatile.Read(ref phase) ? current : "transition";
                lock (calls)
                {
                    calls.Add((inPhase, recorded.Success, recorded.Code, recorded.Error, Stopwatch.GetElapsedTime(started)));
                }

                await Task.Delay(10);
            }
        });

        // Calls under way while the server goes down or comes back may go either way.
        await WaitForSuccessesAsync("before", 5);
        Volatile.Write(ref phase, "stopping");
        await _redis.StopAsync();
        Volatile.Write(ref phase, "down");
        await Task.Delay(1500);
        Volatile.Write(ref phase, "restarting");
        await _redis.StartAsync();
        await WaitForSuccessesAsync("restarting", 1);
        Volatile.Write(ref phase, "after");
        await WaitForSuccessesAsync("after", 20);
        await stop.CancelAsync();
        await traffic;
        await host.StopAsync();

        foreach (var group in calls.GroupBy(call => call.Phase))
        {
            output.WriteLine($"{group.Key}: {group.Count()} calls, {group.Count(call => call.Success)} succeeded, slowest {group.Max(call => call.Took).TotalMilliseconds:0} ms");
        }

        var down = calls.Where(call => call.Phase == "down").ToList();
        Assert.NotEmpty(down);
        Assert.All(calls.Where(call => call.Phase == "before"), call => Assert.True(call.Success, call.Error));
        Assert.All(down, call =>
        {
            Assert.False(call.Success);
            Assert.Equal(DatabaseErrorCode.CacheError, call.Code);
            Assert.Contains("The cache failed", call.Error, StringComparison.Ordinal);
            Assert.True(call.Took < CommandTimeout / 2, $"a call took {call.Took} while Redis was down");
        });
        output.WriteLine($"while down: {down[0].Error}");
        var after = calls.Where(call => call.Phase == "after").ToList();
        Assert.NotEmpty(after);
        Assert.All(after, call => Assert.True(call.Success, call.Error));
        Assert.Equal("restarted", (await RebuiltKeysAsync()).Name);

        async Task WaitForSuccessesAsync(string inPhase, int count)
        {
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (Successes(inPhase) < count && DateTime.UtcNow < deadline)
            {
                await Task.Delay(20);
            }
        }

        int Successes(string inPhase)
        {
            lock (calls)
            {
                return calls.Count(call => call.Phase == inPhase && call.Success);
            }
        }

        async Task<ApiKey> RebuiltKeysAsync()
        {
            using var check = BuildHost();
            return (await check.Services.GetRequiredService<IApiKeyStore>().GetApiKeyAsync(created.Id)).Unwrap();
        }
    }

    private IHost BuildHost()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Critical);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Database:Type"] = "redis",
            ["ConnectionStrings:redis"] = $"{_redis.Endpoint},asyncTimeout={CommandTimeout.TotalMilliseconds},syncTimeout={CommandTimeout.TotalMilliseconds}",
            ["Security:EncryptionKey"] = "restart-test-key",
            ["DataAccess:Retry:MaxRetries"] = "0",
        });
        builder.AddRedisClientsAsTheServicesDo();
        builder.AddDataAccess();
        return builder.Build();
    }
}
