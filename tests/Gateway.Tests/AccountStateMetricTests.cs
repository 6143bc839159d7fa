using System.Diagnostics.Metrics;
using System.Net;
using DataAccess.Accounts;
using Gateway.Accounts;
using Gateway.Telemetry;
using Gateway.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Gateway.Tests;

// The gauge gateway.accounts counts the Claude accounts by state, as the dashboard shows it.
public sealed class AccountStateMetricTests(GatewayEnvironment environment) : IClassFixture<GatewayEnvironment>
{
    [Fact]
    public async Task Accounts_are_counted_by_state()
    {
        var active = Token();
        var limited = Token();
        var cooling = Token();
        await environment.CreateAccountAsync(active, priority: 50);
        await environment.CreateAccountAsync(limited, priority: 1);
        await environment.CreateAccountAsync(cooling, priority: 2);
        var paused = await environment.CreateAccountAsync(Token());
        var failed = await environment.CreateAccountAsync(Token());
        var storedLimit = await environment.CreateAccountAsync(Token());
        Assert.True((await environment.Accounts.UpdateAccountStatusAsync(paused, AccountStatus.Inactive)).Success);
        Assert.True((await environment.Accounts.UpdateAccountStatusAsync(failed, AccountStatus.Error, new AccountStatusUpdate { ErrorMessage = "revoked" })).Success);
        Assert.True((await environment.Accounts.UpdateAccountStatusAsync(storedLimit, AccountStatus.RateLimited, new AccountStatusUpdate { RateLimitResetAt = DateTimeOffset.UtcNow.AddHours(1) })).Success);
        await environment.RefreshAccountsAsync();
        environment.Upstream.Overrides[limited] = context => UpstreamAnswers.RefuseAsync(context, 429, "rate_limit_error", DateTimeOffset.UtcNow.AddHours(1));
        environment.Upstream.Overrides[cooling] = context => UpstreamAnswers.RefuseAsync(context, 529, "overloaded_error", null);
        var key = await environment.CreateKeyAsync();
        using var client = environment.Client(key.ApiKey);

        // The first goes to the limited account (retried on the cooling one, which answers
        // 529), the second to the active one.
        using var first = await client.PostAsync("/v1/messages", GatewayEnvironment.Message("first"));
        using var second = await client.PostAsync("/v1/messages", GatewayEnvironment.Message("second"));
        Assert.Equal(529, (int)first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        var gateway = environment.Gateway.Services;
        await gateway.GetRequiredService<AccountStates>().RefreshAsync(CancellationToken.None);

        var counts = Observe(gateway);

        Assert.Equal(
            new Dictionary<string, long> { ["active"] = 1, ["rate_limited"] = 2, ["cooling_down"] = 1, ["error"] = 1, ["paused"] = 1 },
            counts);
    }

    // One observation of this gateway's gauge (other gateways in the process have their own).
    private static Dictionary<string, long> Observe(IServiceProvider gateway)
    {
        var meter = gateway.GetRequiredService<IMeterFactory>().Create(GatewayMetrics.MeterName);
        var counts = new Dictionary<string, long>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, listener) =>
            {
                if (ReferenceEquals(instrument.Meter, meter) && instrument.Name == AccountStates.InstrumentName)
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) => counts[(string)tags[0].Value!] = value);
        listener.Start();
        listener.RecordObservableInstruments();
        return counts;
    }

    private static string Token() => $"sk-ant-oat01-{Guid.NewGuid():N}";
}
