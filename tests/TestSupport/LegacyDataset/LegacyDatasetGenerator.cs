using System.Text.Json;
using DataAccess.LegacyRedis.Layout;
using DataAccess.Security;
using StackExchange.Redis;

namespace TestSupport.LegacyDataset;

// Fills a Redis with what a claude-relay-service at the reference commit leaves behind after
// weeks of use (layout §5): API keys and the hash map, accounts of every family, groups,
// users and sessions, OAuth flows, sticky mappings, settings, usage and cost counters with the
// TTLs they would have now, the ephemeral families, and (optionally) one corrupt entry of
// every kind the backfill must report.
public static class LegacyDatasetGenerator
{
    public static async Task<LegacyDataset> GenerateAsync(IDatabase redis, LegacyDatasetOptions options)
    {
        var dataset = new LegacyDataset(options);
        var random = new Random(options.Seed);
        var clock = new BucketClock(options.Now, options.OffsetHours);
        var security = new SecuritySettings(options.EncryptionKey);
        await using var writer = new RedisBulkWriter(redis);
        var accounts = new AccountFactory(clock, random, new LegacySecretCipher(security), new BedrockCredentialCipher(security));
        var keys = new ApiKeyFactory(clock, random, new ApiKeyHasher(security), security.ApiKeyPrefix);
        var usage = new UsageSimulator(clock, random, writer, options.KeepExpectations ? dataset : null);

        var claude = await WriteAccountsAsync(writer, dataset, accounts, options.AccountsPerFamily);
        var groups = await WriteGroupsAsync(writer, dataset, claude, clock);
        var users = await WriteUsersAsync(writer, dataset, clock, random);
        var hashMap = new Dictionary<string, string>();
        for (var index = 0; index < options.ApiKeys; index++)
        {
            var keyId = Guid.NewGuid();
            var account = claude[index % claude.Count];
            var lastUsed = await usage.SimulateKeyAsync(keyId, account, options.Days, options.ActiveHoursPerDay, options.ModelsPerKey);
            var binding = (index % 5) switch { 0 => account.ToString(), 1 => $"group:{groups[0]}", _ => "" };
            var key = keys.Create(keyId, index, binding, lastUsed, index % 6 == 5 ? users[index % users.Count] : null);
            await writer.HashAsync(LegacyKeys.ApiKey(keyId.ToString()), key.Fields, keys.TtlOf(key));
            hashMap[key.Hash] = keyId.ToString();
            foreach (var retired in key.RetiredHashes)
            {
                hashMap[retired] = keyId.ToString();
            }

            if (options.KeepExpectations)
            {
                dataset.ApiKeys.Add(key);
            }
        }

        // Keys with the shapes of real relay data (UsageSimulator.RelayHistory).
        foreach (var (shape, index) in new Func<Guid, Guid, Task>[] { usage.SimulateUpgradedKeyAsync, usage.SimulateUnnormalizedModelAsync }.Select((shape, i) => (shape, options.ApiKeys + i)))
        {
            var keyId = Guid.NewGuid();
            await shape(keyId, claude[index % claude.Count]);
            var key = keys.Create(keyId, index, "", clock.Now.AddHours(-1));
            await writer.HashAsync(LegacyKeys.ApiKey(keyId.ToString()), key.Fields, keys.TtlOf(key));
            hashMap[key.Hash] = keyId.ToString();
            if (options.KeepExpectations)
            {
                dataset.ApiKeys.Add(key);
            }
        }

        await usage.WriteSharedAsync();
        await WriteOldFormatKeyAsync(writer, dataset, keys, clock, hashMap);
        await WriteSessionsAsync(writer, dataset, clock, random, claude);
        await WriteSettingsAsync(writer, clock);
        await EphemeralKeys.WriteAsync(writer, dataset, clock, random, claude, options.MinuteMetrics);
        if (options.CorruptEntries)
        {
            await new CorruptEntryPlanter(writer, dataset, clock, keys, accounts).PlantAsync(hashMap);
        }

        await writer.HashAsync(LegacyKeys.ApiKeyHashMap, hashMap);
        await writer.FlushAsync();
        dataset.KeysWritten = writer.KeysWritten;
        return dataset;
    }

    // Returns the Claude account ids, which API keys are bound to and usage is served by.
    private static async Task<List<Guid>> WriteAccountsAsync(RedisBulkWriter writer, LegacyDataset dataset, AccountFactory accounts, int perFamily)
    {
        var generated = new List<GeneratedAccount>();
        for (var i = 0; i < perFamily; i++)
        {
            generated.Add(accounts.Claude(i));
            generated.Add(accounts.OpenAi(i));
            generated.Add(accounts.Console(i));
            generated.Add(accounts.Gemini(i));
            var (bedrock, document) = accounts.Bedrock(i);
            await writer.StringAsync(bedrock.KeyName, document);
            generated.Add(bedrock);
        }

        foreach (var account in generated.Where(account => account.Platform != "bedrock"))
        {
            await writer.HashAsync(account.KeyName, account.Fields);
        }

        foreach (var (set, platform) in new[] { ("shared_openai_accounts", "openai"), ("shared_claude_console_accounts", "claude-console"), ("shared_gemini_accounts", "gemini") })
        {
            await writer.SetAsync(set, generated.Where(account => account.Platform == platform && account.Fields["accountType"] == "shared").Select(account => account.Id.ToString()));
        }

        dataset.Accounts.AddRange(generated);
        return [.. generated.Where(account => account.Platform == "claude").Select(account => account.Id)];
    }

    private static async Task<List<Guid>> WriteGroupsAsync(RedisBulkWriter writer, LegacyDataset dataset, List<Guid> claude, BucketClock clock)
    {
        var groups = new List<Guid>();
        foreach (var (name, platform, members) in new[] { ("Claude pool", "claude", claude.Take(2)), ("Claude reserve", "claude", claude.Skip(2)) })
        {
            var id = Guid.NewGuid();
            await writer.HashAsync($"account_group:{id}", new Dictionary<string, string>
            {
                ["id"] = id.ToString(),
                ["name"] = name,
                ["platform"] = platform,
                ["description"] = $"{name} accounts",
                ["createdAt"] = JsValues.Iso(clock.Now.AddDays(-50)),
                ["updatedAt"] = JsValues.Iso(clock.Now.AddDays(-5)),
            });
            await writer.SetAsync($"account_group_members:{id}", members.Select(member => member.ToString()));
            groups.Add(id);
        }

        await writer.SetAsync("account_groups", groups.Select(group => group.ToString()));
        dataset.Groups.AddRange(groups);
        return groups;
    }

    private static async Task<List<string>> WriteUsersAsync(RedisBulkWriter writer, LegacyDataset dataset, BucketClock clock, Random random)
    {
        var users = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            var id = Hex(random, 16);
            var username = $"user-{id[..6]}";
            await writer.StringAsync($"user:{id}", JsonSerializer.Serialize(new
            {
                id,
                username,
                email = $"{username}@example.com",
                displayName = $"User {i}",
                firstName = "Test",
                lastName = $"User{i}",
                role = i == 0 ? "admin" : "user",
                isActive = i != 2,
                createdAt = JsValues.Iso(clock.Now.AddDays(-90)),
                updatedAt = JsValues.Iso(clock.Now.AddDays(-1)),
                lastLoginAt = i == 1 ? null : JsValues.Iso(clock.Now.AddHours(-i - 1)),
                apiKeyCount = 1,
                totalUsage = new { requests = 10 * i, inputTokens = 1000 * i, outputTokens = 500 * i, totalCost = 0.5 * i },
            }));
            await writer.StringAsync($"username:{username}", id);
            var token = Hex(random, 32);
            await writer.StringAsync(
                $"user_session:{token}",
                JsonSerializer.Serialize(new { token, userId = id, createdAt = JsValues.Iso(clock.Now.AddHours(-1)), expiresAt = JsValues.Iso(clock.Now.AddHours(23)) }),
                TimeSpan.FromHours(23));
            dataset.UserSessions[token] = id;
            users.Add(id);
        }

        dataset.Users.AddRange(users);
        return users;
    }

    // A key from before the input/output split (§5.2): totals and an old monthly bucket hold
    // only tokens and requests, in amounts whose 30/70 split the relay rounds up on both sides.
    private static async Task WriteOldFormatKeyAsync(RedisBulkWriter writer, LegacyDataset dataset, ApiKeyFactory keys, BucketClock clock, Dictionary<string, string> hashMap)
    {
        var key = keys.Create(Guid.NewGuid(), 1000, "", clock.Now.AddDays(-150));
        var id = key.Id.ToString();
        await writer.HashAsync(LegacyKeys.ApiKey(id), key.Fields, keys.TtlOf(key));
        hashMap[key.Hash] = id;
        var month = clock.Buckets.Month(clock.Now.AddDays(-150));
        await writer.HashAsync(LegacyKeys.KeyTotals(id), new Dictionary<string, string> { ["totalTokens"] = "5005", ["totalRequests"] = "10" });
        await writer.HashAsync(LegacyKeys.KeyMonthly(id, month), new Dictionary<string, string> { ["tokens"] = "775", ["requests"] = "3" }, TimeSpan.FromDays(200));
        if (dataset.Options.KeepExpectations)
        {
            dataset.ApiKeys.Add(key);
            var expectation = new UsageExpectation { Totals = UsageCounters.TokensOnly(5005, 10) };
            expectation.Monthly[month] = UsageCounters.TokensOnly(775, 3);
            dataset.KeyUsage[key.Id] = expectation;
        }
    }

    private static async Task WriteSessionsAsync(RedisBulkWriter writer, LegacyDataset dataset, BucketClock clock, Random random, List<Guid> claude)
    {
        for (var i = 0; i < 2; i++)
        {
            var token = Hex(random, 32);
            await writer.HashAsync($"session:{token}", new Dictionary<string, string>
            {
                ["username"] = "admin",
                ["loginTime"] = JsValues.Iso(clock.Now.AddHours(-2)),
                ["lastActivity"] = JsValues.Iso(clock.Now.AddMinutes(-5)),
            }, TimeSpan.FromSeconds(86400 - 300));
            dataset.AdminSessions[token] = "admin";
        }

        await writer.HashAsync("session:admin_credentials", new Dictionary<string, string>
        {
            ["username"] = "admin",
            ["passwordHash"] = "$2a$10$abcdefghijklmnopqrstuuJ1L5c3xWnI6UgQ0Kq4k1m4sYbZ9JH6m",
            ["createdAt"] = JsValues.Iso(clock.Now.AddDays(-300)),
            ["lastLogin"] = "",
            ["updatedAt"] = "",
        }, TimeSpan.FromHours(20));
        await writer.HashAsync($"oauth:{Guid.NewGuid()}", new Dictionary<string, string>
        {
            ["codeVerifier"] = Hex(random, 32),
            ["state"] = Hex(random, 16),
            ["codeChallenge"] = Hex(random, 32),
            ["proxy"] = "",
            ["createdAt"] = JsValues.Iso(clock.Now.AddMinutes(-2)),
            ["expiresAt"] = JsValues.Iso(clock.Now.AddMinutes(8)),
        }, TimeSpan.FromMinutes(8));
        var account = claude[0].ToString();
        await writer.StringAsync($"unified_claude_session_mapping:{Hex(random, 16)}", $$"""{"accountId":"{{account}}","accountType":"claude-official"}""", TimeSpan.FromMinutes(40));
        await writer.StringAsync($"unified_openai_session_mapping:{Hex(random, 32)}", $$"""{"accountId":"{{dataset.Accounts.First(a => a.Platform == "openai").Id}}","accountType":"openai"}""", TimeSpan.FromMinutes(30));
        await writer.StringAsync($"unified_gemini_session_mapping:{Hex(random, 16)}", $$"""{"accountId":"{{dataset.Accounts.First(a => a.Platform == "gemini").Id}}","accountType":"gemini"}""", TimeSpan.FromMinutes(20));
        await writer.StringAsync($"sticky_session:{Hex(random, 16)}", account, TimeSpan.FromMinutes(50));
        await writer.StringAsync($"openai_session_account_mapping:{Hex(random, 32)}", dataset.Accounts.First(a => a.Platform == "openai").Id.ToString(), TimeSpan.FromMinutes(10));
        await writer.StringAsync($"gemini_session_account_mapping:{Hex(random, 16)}", dataset.Accounts.First(a => a.Platform == "gemini").Id.ToString(), TimeSpan.FromMinutes(15));
    }

    private static async Task WriteSettingsAsync(RedisBulkWriter writer, BucketClock clock)
    {
        await writer.HashAsync(LegacyKeys.SchedulingConfig, new Dictionary<string, string>
        {
            ["defaultStrategy"] = "least_recent",
            ["enableAccountOverride"] = "true",
            ["enableGroupOverride"] = "false",
        });
        await writer.StringAsync("oem:settings", JsonSerializer.Serialize(new { siteName = "Relay", siteIcon = "", siteIconData = "", updatedAt = JsValues.Iso(clock.Now.AddDays(-7)) }));
    }

    internal static string Hex(Random random, int bytes)
    {
        var buffer = new byte[bytes];
        random.NextBytes(buffer);
        return Convert.ToHexStringLower(buffer);
    }
}
