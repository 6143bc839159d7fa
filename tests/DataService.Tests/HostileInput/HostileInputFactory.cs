using System.Text.Json;
using DataService.Tests.Support;

namespace DataService.Tests.HostileInput;

// The service with the OAuth token endpoint down (a closed port) and room for the
// transactions the walk opens, plus the records every operation's good request refers to.
public sealed class HostileInputFactory : DataServiceFactory
{
    public Guid KeyId { get; private set; }

    public Guid DeletableKeyId { get; private set; }

    public Guid ClaudeAccountId { get; private set; }

    public Guid OpenAiAccountId { get; private set; }

    public string SessionToken { get; private set; } = "";

    protected override IReadOnlyDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>
    {
        ["DataAccess:ClaudeOAuth:TokenEndpoint"] = "http://127.0.0.1:9/v1/oauth/token",
        ["DataAccess:Transactions:MaxOpenTransactions"] = "500",
        ["DataAccess:Transactions:DefaultTimeout"] = "00:00:02",
    };

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        var admin = Admin();
        KeyId = await CreateAsync(admin, "/api/v1/apikeys", new { name = "hostile-target" });
        DeletableKeyId = await CreateAsync(admin, "/api/v1/apikeys", new { name = "hostile-deletable" });
        ClaudeAccountId = await CreateAsync(admin, "/api/v1/accounts/claude", GoodRequests.Account("claude-target"));
        OpenAiAccountId = await CreateAsync(admin, "/api/v1/accounts/openai", GoodRequests.Account("openai-target"));
        var session = await admin.PostApiAsync("/api/v1/sessions", new { userId = "hostile", userType = "admin", sessionData = new { } });
        SessionToken = session.Data.GetProperty("sessionToken").GetString()!;
    }

    private static async Task<Guid> CreateAsync(HttpClient client, string path, object body)
    {
        var created = await client.PostApiAsync(path, body);
        return created.Success ? created.Data.GetProperty("id").GetGuid() : throw new InvalidOperationException($"{path}: {created.Body}");
    }

    public async Task<JsonDocument> OpenApiDocumentAsync()
    {
        using var client = CreateClient(token: null);
        return JsonDocument.Parse(await client.GetStringAsync("/openapi/v1.json"));
    }
}
