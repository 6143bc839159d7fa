using System.Diagnostics;
using System.Net.Security;
using ServiceDefaults.Redis;
using TestSupport;

namespace ServiceDefaults.Tests.Redis;

public sealed class ConnectionTests
{
    [Fact]
    public async Task Authenticates_with_a_password()
    {
        await using var server = await RedisServerProcess.StartAsync("--requirepass", "s3cret");

        await using var redis = await RedisClient.ConnectAsync($"{server.Endpoint},password=s3cret,abortConnect=true");

        Assert.Equal("PONG", (string?)await redis.ExecuteAsync("PING"));
    }

    [Fact]
    public async Task Authenticates_as_an_acl_user()
    {
        await using var server = await RedisServerProcess.StartAsync();
        await using (var admin = await RedisClient.ConnectAsync(server.Endpoint + ",abortConnect=true"))
        {
            await admin.ExecuteAsync("ACL", "SETUSER", "relay", "on", ">relay-pass", "~relay:*", "+@all");
        }

        await using var redis = await RedisClient.ConnectAsync($"{server.Endpoint},user=relay,password=relay-pass,abortConnect=true");

        Assert.True(await redis.SetAsync("relay:ok", "1"));
        var denied = await Assert.ThrowsAsync<RedisServerException>(() => redis.SetAsync("other:key", "1").AsTask());
        Assert.Equal("NOPERM", denied.Prefix);
    }

    [Fact]
    public async Task A_wrong_password_is_reported_clearly()
    {
        await using var server = await RedisServerProcess.StartAsync("--requirepass", "right");

        var error = await Assert.ThrowsAsync<RedisConnectionException>(
            () => RedisClient.ConnectAsync($"{server.Endpoint},password=wrong,abortConnect=true"));

        Assert.Contains("WRONGPASS", error.Message);
        Assert.DoesNotContain("wrong,", error.Message);
    }

    [Fact]
    public async Task Selects_the_configured_database()
    {
        await using var server = await RedisServerProcess.StartAsync();
        await using var database3 = await RedisClient.ConnectAsync($"{server.Endpoint},defaultDatabase=3,abortConnect=true");
        await using var database0 = await RedisClient.ConnectAsync($"{server.Endpoint},abortConnect=true");

        await database3.SetAsync("where", "three");

        Assert.Equal("three", await database3.GetStringAsync("where"));
        Assert.Null(await database0.GetStringAsync("where"));
    }

    [Fact]
    public async Task Sets_the_client_name()
    {
        await using var server = await RedisServerProcess.StartAsync();
        await using var redis = await RedisClient.ConnectAsync($"{server.Endpoint},name=gateway-7,abortConnect=true");

        Assert.Equal("gateway-7", (string?)await redis.ExecuteAsync("CLIENT", "GETNAME"));
    }

    [Fact]
    public async Task Connects_over_tls()
    {
        var certificate = SelfSignedCertificate.Create();
        await using var server = await RedisServerProcess.StartWithTlsAsync(certificate.CertificateFile, certificate.KeyFile);

        // The certificate is valid for the host but signed by nobody the machine trusts.
        var options = RedisOptions.Parse($"{server.Endpoint},ssl=true,sslHost=localhost,abortConnect=true");
        options.CertificateValidation = (_, presented, _, errors) =>
            errors == SslPolicyErrors.RemoteCertificateChainErrors && presented?.Subject == SelfSignedCertificate.Subject;
        await using var redis = await RedisClient.ConnectAsync(options);

        Assert.True(await redis.SetAsync("tls", "works"));
        Assert.Equal("works", await redis.GetStringAsync("tls"));
    }

    [Fact]
    public async Task An_untrusted_certificate_is_refused_by_default()
    {
        var certificate = SelfSignedCertificate.Create();
        await using var server = await RedisServerProcess.StartWithTlsAsync(certificate.CertificateFile, certificate.KeyFile);

        var error = await Assert.ThrowsAsync<RedisConnectionException>(
            () => RedisClient.ConnectAsync($"{server.Endpoint},ssl=true,sslHost=localhost,abortConnect=true"));

        Assert.Contains(server.Endpoint, error.Message);
    }

    [Fact]
    public async Task Without_abort_connect_an_unreachable_server_fails_commands_fast()
    {
        var port = RedisServerProcess.FreePort();
        await using var redis = await RedisClient.ConnectAsync($"127.0.0.1:{port},abortConnect=false,syncTimeout=30000");

        var started = Stopwatch.GetTimestamp();
        var error = await Assert.ThrowsAsync<RedisConnectionException>(() => redis.GetAsync("x").AsTask());

        Assert.False(redis.IsConnected);
        Assert.Contains($"127.0.0.1:{port}", error.Message);
        Assert.True(Stopwatch.GetElapsedTime(started) < TimeSpan.FromSeconds(5), "a command must fail at once, not wait for its 30 s timeout");
    }

    [Fact]
    public async Task With_abort_connect_an_unreachable_server_fails_connect()
    {
        var port = RedisServerProcess.FreePort();

        await Assert.ThrowsAsync<RedisConnectionException>(() => RedisClient.ConnectAsync($"127.0.0.1:{port},abortConnect=true"));
    }

    [Fact]
    public async Task A_command_without_reply_times_out_and_later_replies_stay_matched()
    {
        await using var server = await RedisServerProcess.StartAsync();
        await using var redis = await RedisClient.ConnectAsync($"{server.Endpoint},syncTimeout=300,abortConnect=true");
        await redis.SetAsync("k", "v");

        var slow = redis.ExecuteAsync("DEBUG", "SLEEP", "3");
        var blocked = redis.GetStringAsync("k");

        await Assert.ThrowsAsync<RedisTimeoutException>(() => slow.AsTask());
        var error = await Assert.ThrowsAsync<RedisTimeoutException>(() => blocked.AsTask());
        Assert.Contains("GET", error.Message);

        await WaitUntilAsync(async () => await redis.GetStringAsync("k") == "v");
        Assert.Equal("PONG", (string?)await redis.ExecuteAsync("PING"));
    }

    [Fact]
    public async Task A_cancelled_command_completes_at_once_and_later_replies_stay_matched()
    {
        await using var server = await RedisServerProcess.StartAsync();
        await using var redis = await RedisClient.ConnectAsync($"{server.Endpoint},abortConnect=true");
        await redis.SetAsync("k", "v");
        using var cancellation = new CancellationTokenSource();

        var slow = redis.ExecuteAsync("DEBUG", ["SLEEP", "0.5"], cancellation.Token);
        var next = redis.GetStringAsync("k");
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => slow.AsTask());
        Assert.Equal("v", await next);
        Assert.Equal("v", await redis.GetStringAsync("k"));
    }

    [Fact]
    public async Task An_already_cancelled_token_fails_without_sending()
    {
        await using var server = await RedisServerProcess.StartAsync();
        await using var redis = await RedisClient.ConnectAsync($"{server.Endpoint},abortConnect=true");

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => redis.IncrementAsync("n", cancellationToken: new CancellationToken(true)).AsTask());

        Assert.Null(await redis.GetStringAsync("n"));
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            try
            {
                if (await condition())
                {
                    return;
                }
            }
            catch (RedisException) when (DateTime.UtcNow < deadline)
            {
            }

            Assert.True(DateTime.UtcNow < deadline, "condition not met in time");
            await Task.Delay(50);
        }
    }
}
