using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using TestSupport;

namespace DataService.Tests.Monitoring;

// One DataService instance on a test database and the shared test Redis, with monitoring
// sped up: 1-second buckets, frequent sampling and evaluation, a 2-second alert window and
// short webhook retries.
public sealed class MonitoredServiceFactory(string databaseConnectionString, string usageStreamKey) : WebApplicationFactory<Program>
{
    public const string AdminToken = "monitoring-tests-admin-token";

    public static readonly TimeSpan AlertWindow = TimeSpan.FromSeconds(2);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("ConnectionStrings:postgres", databaseConnectionString);
        builder.UseSetting("ConnectionStrings:redis", TestServers.Redis);
        builder.UseSetting("Security:EncryptionKey", "monitoring-tests-encryption-key");
        builder.UseSetting("DataService:Auth:AdminTokens:0", AdminToken);
        builder.UseSetting("DataAccess:UsageStream:StreamKey", usageStreamKey);
        builder.UseSetting("DataAccess:UsageStream:DeadLetterKey", usageStreamKey + ":dead");
        builder.UseSetting("DataService:Monitoring:BucketWidth", "00:00:01");
        builder.UseSetting("DataService:Monitoring:Retention", "01:00:00");
        builder.UseSetting("DataService:Monitoring:SampleInterval", "00:00:00.200");
        builder.UseSetting("DataService:Monitoring:AlertEvaluationInterval", "00:00:00.100");
        builder.UseSetting("DataService:Monitoring:AlertWindow", AlertWindow.ToString());
        builder.UseSetting("DataService:Monitoring:WebhookRetryBaseDelay", "00:00:00.050");
        builder.UseSetting("DataService:Monitoring:WebhookTimeout", "00:00:05");
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
    }

    public HttpClient CreateAdminClient()
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", AdminToken);
        return client;
    }
}
