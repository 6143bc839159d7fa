using System.Globalization;
using System.Text.Json;
using DataAccess.LegacyRedis.Layout;
using DataAccess.Security;

namespace TestSupport.LegacyDataset;

// Upstream accounts of every legacy family (layout §5.6-§5.8) with their secrets encrypted as
// each family encrypts them: scrypt + AES-CBC under the family's salt (OpenAI tokens of one
// account twice over, as a token refresh left them at the reference commit), and Bedrock's
// credentials in their own scheme.
public sealed class AccountFactory(BucketClock clock, Random random, LegacySecretCipher cipher, BedrockCredentialCipher bedrock)
{
    public GeneratedAccount Claude(int index)
    {
        var id = Guid.NewGuid();
        var secrets = new Dictionary<string, string>
        {
            ["accessToken"] = $"sk-ant-oat01-access-{index}-{Hex(8)}",
            ["refreshToken"] = $"sk-ant-ort01-refresh-{index}-{Hex(8)}",
            ["email"] = $"claude{index}@example.com",
            ["password"] = $"password-{index}",
        };
        secrets["claudeAiOauth"] = JsonSerializer.Serialize(new
        {
            accessToken = secrets["accessToken"],
            refreshToken = secrets["refreshToken"],
            expiresAt = clock.Now.AddHours(8).ToUnixTimeMilliseconds(),
            scopes = new[] { "user:inference", "user:profile" },
        });
        var created = clock.Now.AddDays(-100 - index);
        var fields = new Dictionary<string, string>
        {
            ["id"] = id.ToString(),
            ["name"] = $"Claude account {index}",
            ["description"] = "generated",
            ["email"] = Encrypt(LegacySecretFamily.ClaudeOAuth, secrets["email"]),
            ["password"] = Encrypt(LegacySecretFamily.ClaudeOAuth, secrets["password"]),
            ["claudeAiOauth"] = Encrypt(LegacySecretFamily.ClaudeOAuth, secrets["claudeAiOauth"]),
            ["accessToken"] = Encrypt(LegacySecretFamily.ClaudeOAuth, secrets["accessToken"]),
            ["refreshToken"] = Encrypt(LegacySecretFamily.ClaudeOAuth, secrets["refreshToken"]),
            ["expiresAt"] = clock.Now.AddHours(8).ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture),
            ["scopes"] = "user:inference user:profile",
            ["proxy"] = "",
            // The third one was switched off in the relay's admin UI, which leaves status alone.
            ["isActive"] = index == 2 ? "false" : "true",
            ["accountType"] = index == 0 ? "dedicated" : "shared",
            ["priority"] = JsValues.Number(10 + index),
            ["schedulable"] = "true",
            ["status"] = "active",
            ["errorMessage"] = "",
            ["createdAt"] = JsValues.Iso(created),
            ["lastUsedAt"] = JsValues.Iso(clock.Now.AddMinutes(-index)),
            ["lastRefreshAt"] = JsValues.Iso(clock.Now.AddHours(-2)),
            ["subscriptionInfo"] = JsonSerializer.Serialize(new { hasClaudeMax = index % 2 == 0, hasClaudePro = true, accountType = "claude_max" }),
            ["sessionWindowStart"] = JsValues.Iso(clock.Buckets.StartOfHour(clock.Now)),
            ["sessionWindowEnd"] = JsValues.Iso(clock.Buckets.StartOfHour(clock.Now).AddHours(5)),
            ["lastRequestTime"] = JsValues.Iso(clock.Now.AddMinutes(-index)),
        };
        if (index == 1)
        {
            secrets["proxyPassword"] = "proxy-secret";
            fields["proxy"] = """{"type":"socks5","host":"proxy.example.com","port":1080,"username":"relay","password":"proxy-secret"}""";

            // A rate limit that has ended; HSET merges left its fields behind (§5.6).
            fields["rateLimitStatus"] = "limited";
            fields["rateLimitedAt"] = JsValues.Iso(clock.Now.AddHours(-6));
            fields["rateLimitEndAt"] = JsValues.Iso(clock.Now.AddHours(-5));
        }

        return new GeneratedAccount(id, "claude", LegacyKeys.ClaudeAccount(id.ToString()), fields, secrets);
    }

    public GeneratedAccount OpenAi(int index)
    {
        var id = Guid.NewGuid();
        var secrets = new Dictionary<string, string>
        {
            ["idToken"] = $"eyJhbGciOiJSUzI1NiJ9.id-{index}.{Hex(6)}",
            ["accessToken"] = $"eyJhbGciOiJSUzI1NiJ9.access-{index}.{Hex(6)}",
            ["refreshToken"] = $"rt-{index}-{Hex(10)}",
            ["openaiOauth"] = JsonSerializer.Serialize(new { expires_in = 864000, scope = "openid profile email" }),
            ["email"] = $"openai{index}@example.com",
        };

        // Index 0 had a token refresh at the reference commit: its tokens are encrypted twice.
        string Token(string name) => index == 0
            ? Encrypt(LegacySecretFamily.OpenAI, Encrypt(LegacySecretFamily.OpenAI, secrets[name]))
            : Encrypt(LegacySecretFamily.OpenAI, secrets[name]);
        var fields = new Dictionary<string, string>
        {
            ["id"] = id.ToString(),
            ["name"] = $"OpenAI account {index}",
            ["description"] = "",
            ["accountType"] = index == 2 ? "dedicated" : "shared",
            ["groupId"] = "",
            ["priority"] = "50",
            ["rateLimitDuration"] = "60",
            ["idToken"] = Token("idToken"),
            ["accessToken"] = Token("accessToken"),
            ["refreshToken"] = Token("refreshToken"),
            ["openaiOauth"] = Encrypt(LegacySecretFamily.OpenAI, secrets["openaiOauth"]),
            ["accountId"] = $"chatgpt-{index}",
            ["chatgptUserId"] = $"user-{Hex(6)}",
            ["organizationId"] = $"org-{Hex(6)}",
            ["organizationRole"] = "owner",
            ["organizationTitle"] = "Personal",
            ["planType"] = "plus",
            ["email"] = Encrypt(LegacySecretFamily.OpenAI, secrets["email"]),
            ["emailVerified"] = "true",
            ["expiresAt"] = JsValues.Iso(clock.Now.AddDays(10)),
            ["isActive"] = "true",
            ["status"] = "active",
            ["schedulable"] = "true",
            ["lastRefresh"] = JsValues.Iso(clock.Now.AddDays(-1)),
            ["createdAt"] = JsValues.Iso(clock.Now.AddDays(-60)),
            ["updatedAt"] = JsValues.Iso(clock.Now.AddDays(-1)),
            ["lastUsedAt"] = JsValues.Iso(clock.Now.AddHours(-3)),
            ["totalUsage"] = "0",
        };
        return new GeneratedAccount(id, "openai", LegacyKeys.OpenAiAccount(id.ToString()), fields, secrets);
    }

    public GeneratedAccount Console(int index)
    {
        var id = Guid.NewGuid();
        var secrets = new Dictionary<string, string> { ["apiKey"] = $"sk-ant-api03-console-{index}-{Hex(8)}" };
        var fields = new Dictionary<string, string>
        {
            ["id"] = id.ToString(),
            ["platform"] = "claude-console",
            ["name"] = $"Console account {index}",
            ["description"] = "",
            ["apiUrl"] = "https://api.anthropic.com/v1/messages",
            ["apiKey"] = Encrypt(LegacySecretFamily.ClaudeConsole, secrets["apiKey"]),
            ["priority"] = "40",
            ["supportedModels"] = """{"claude-sonnet-4-20250514":"claude-sonnet-4-20250514"}""",
            ["userAgent"] = "claude-cli/1.0.80 (external, cli)",
            ["rateLimitDuration"] = "60",
            ["proxy"] = "",
            ["isActive"] = "true",
            ["accountType"] = "shared",
            ["createdAt"] = JsValues.Iso(clock.Now.AddDays(-30)),
            ["lastUsedAt"] = JsValues.Iso(clock.Now.AddHours(-1)),
            ["status"] = "active",
            ["errorMessage"] = "",
            ["schedulable"] = "true",
            ["updatedAt"] = JsValues.Iso(clock.Now.AddDays(-2)),
        };
        return new GeneratedAccount(id, "claude-console", $"claude_console_account:{id}", fields, secrets);
    }

    public GeneratedAccount Gemini(int index)
    {
        var id = Guid.NewGuid();
        var secrets = new Dictionary<string, string>
        {
            ["accessToken"] = $"ya29.access-{index}-{Hex(8)}",
            ["refreshToken"] = $"1//refresh-{index}-{Hex(8)}",
            ["geminiOauth"] = JsonSerializer.Serialize(new { access_token = $"ya29.access-{index}", token_type = "Bearer" }),
        };
        var fields = new Dictionary<string, string>
        {
            ["id"] = id.ToString(),
            ["platform"] = "gemini",
            ["name"] = $"Gemini account {index}",
            ["description"] = "",
            ["accountType"] = "shared",
            ["isActive"] = "true",
            ["status"] = "active",
            ["schedulable"] = "true",
            ["priority"] = "50",
            ["geminiOauth"] = Encrypt(LegacySecretFamily.Gemini, secrets["geminiOauth"]),
            ["accessToken"] = Encrypt(LegacySecretFamily.Gemini, secrets["accessToken"]),
            ["refreshToken"] = Encrypt(LegacySecretFamily.Gemini, secrets["refreshToken"]),
            ["expiresAt"] = JsValues.Iso(clock.Now.AddHours(1)),
            ["scopes"] = "https://www.googleapis.com/auth/cloud-platform",
            ["proxy"] = "",
            ["projectId"] = $"project-{index}",
            ["supportedModels"] = "",
            ["createdAt"] = JsValues.Iso(clock.Now.AddDays(-20)),
            ["updatedAt"] = JsValues.Iso(clock.Now.AddDays(-1)),
            ["lastUsedAt"] = JsValues.Iso(clock.Now.AddHours(-5)),
            ["lastRefreshAt"] = JsValues.Iso(clock.Now.AddHours(-5)),
            ["errorMessage"] = "",
            ["rateLimitStatus"] = "",
            ["rateLimitedAt"] = "",
        };
        return new GeneratedAccount(id, "gemini", $"gemini_account:{id}", fields, secrets);
    }

    // A bedrock_account:{id} string; Fields are its document's members as the other families'
    // strings, awsCredentials as its JSON.
    public (GeneratedAccount Account, string Document) Bedrock(int index)
    {
        var id = Guid.NewGuid();
        var credentials = JsonSerializer.Serialize(new { accessKeyId = $"AKIA{Hex(8).ToUpperInvariant()}", secretAccessKey = $"secret-{index}-{Hex(10)}" });
        var encrypted = bedrock.Encrypt(credentials);
        var document = JsonSerializer.Serialize(new
        {
            id = id.ToString(),
            name = $"Bedrock account {index}",
            description = "",
            region = "us-east-1",
            defaultModel = "us.anthropic.claude-sonnet-4-20250514-v1:0",
            isActive = true,
            accountType = "shared",
            priority = 60,
            schedulable = true,
            credentialType = "default",
            createdAt = JsValues.Iso(clock.Now.AddDays(-10)),
            updatedAt = JsValues.Iso(clock.Now.AddDays(-10)),
            type = "bedrock",
            awsCredentials = encrypted,
        });
        var fields = new Dictionary<string, string>
        {
            ["id"] = id.ToString(),
            ["name"] = $"Bedrock account {index}",
            ["region"] = "us-east-1",
            ["isActive"] = "true",
            ["priority"] = "60",
            ["createdAt"] = JsValues.Iso(clock.Now.AddDays(-10)),
        };
        return (new GeneratedAccount(id, "bedrock", $"bedrock_account:{id}", fields, new Dictionary<string, string> { ["awsCredentials"] = credentials }), document);
    }

    private string Encrypt(LegacySecretFamily family, string plaintext) => cipher.Encrypt(family, plaintext);

    private string Hex(int bytes)
    {
        var buffer = new byte[bytes];
        random.NextBytes(buffer);
        return Convert.ToHexStringLower(buffer);
    }
}
