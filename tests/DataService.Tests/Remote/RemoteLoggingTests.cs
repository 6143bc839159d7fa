using DataAccess.ApiKeys;
using DataAccess.Remote;
using DataAccess.Sessions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace DataService.Tests.Remote;

public sealed class RemoteLoggingTests(RemoteBackendFixture fixture) : IClassFixture<RemoteBackendFixture>
{
    // Everything is logged, down to Trace; a lost answer makes the HTTP stack log a retry too.
    [Fact]
    public async Task Neither_the_bearer_token_nor_session_tokens_reach_the_logs()
    {
        var logs = new RecordingLoggerProvider();
        var answers = new LostFirstAnswers();
        using var host = fixture.BuildHost(
            overrides: null,
            configure: builder =>
            {
                builder.Logging.SetMinimumLevel(LogLevel.Trace);
                builder.Logging.AddProvider(logs);
                builder.UseFastRetries(DataServiceClientResilience.RetryEveryMethod);
                builder.Services.AddHttpClient(DataServiceClient.HttpClientName).AddHttpMessageHandler(answers.CreateHandler);
            });
        var sessions = host.Services.GetRequiredService<ISessionStore>();

        var session = (await sessions.CreateSessionAsync(new CreateSessionRequest { UserId = "logged", UserType = "user" })).Unwrap();
        (await sessions.ValidateSessionAsync(session.SessionToken)).Unwrap();
        (await sessions.DeleteSessionAsync(session.SessionToken)).EnsureSuccess();
        await host.Services.GetRequiredService<IApiKeyStore>().GetApiKeyAsync(Guid.NewGuid());

        Assert.Contains(logs.Entries, entry => entry.Contains("OnRetry", StringComparison.Ordinal));
        Assert.DoesNotContain(logs.Entries, entry => entry.Contains(RemoteBackendFixture.AdminToken, StringComparison.Ordinal));
        Assert.DoesNotContain(logs.Entries, entry => entry.Contains(session.SessionToken, StringComparison.Ordinal));
    }
}
