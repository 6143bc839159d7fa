using DataAccess.Remote;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Http.Resilience;

namespace Gateway.Accounts;

public static class AccountServices
{
    public static IHostApplicationBuilder AddAccountChoice(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSingleton<AccountPool>();
        services.AddHostedService(provider => provider.GetRequiredService<AccountPool>());
        services.AddSingleton<AccountSelector>();
        services.AddSingleton<AccessTokens>();
        services.AddSingleton<AccountHealth>();
        services.AddSingleton<UpstreamClients>();
        services.AddSingleton<AccountStates>();
        services.AddHostedService(provider => provider.GetRequiredService<AccountStates>());

        // A DataService answer marked final (an access-token read) is not asked for again: a
        // request whose account has no token turns to another account at once (ClaudeForwarder)
        // instead of waiting out the retries' back-off, about 6 s, and the DataService is not
        // made to try the same failing refresh three more times. A call that got no answer (the
        // DataService unreachable) is still retried.
        services.ConfigureAll<HttpStandardResilienceOptions>(options =>
        {
            var shouldRetry = options.Retry.ShouldHandle;
            options.Retry.ShouldHandle = arguments => IsFinalAnswer(arguments.Outcome.Result) ? ValueTask.FromResult(false) : shouldRetry(arguments);
        });
        return builder;
    }

    private static bool IsFinalAnswer(HttpResponseMessage? answer) =>
        answer?.RequestMessage?.Options.TryGetValue(DataServiceClient.AnswerIsFinal, out var final) is true && final;
}
