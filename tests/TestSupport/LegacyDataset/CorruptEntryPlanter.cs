using DataAccess.LegacyRedis.Layout;

namespace TestSupport.LegacyDataset;

// One corrupt entry of every kind a backfill must report by name, among good data, each
// recorded with the problem kind expected for it. None of them may stop a run.
public sealed class CorruptEntryPlanter(RedisBulkWriter writer, LegacyDataset dataset, BucketClock clock, ApiKeyFactory keys, AccountFactory accounts)
{
    public async Task PlantAsync(Dictionary<string, string> hashMap)
    {
        var today = clock.Buckets.Date(clock.Now);

        // A counter that is not a number, a cost that is not a number (read as 0, as parseInt
        // and parseFloat would).
        var junkCounters = await NewKeyAsync(hashMap, 2000);
        var junkId = junkCounters.Id.ToString();
        await writer.HashAsync(LegacyKeys.KeyDaily(junkId, today), new Dictionary<string, string>
        {
            ["tokens"] = "150",
            ["inputTokens"] = "100",
            ["outputTokens"] = "50",
            ["cacheCreateTokens"] = "0",
            ["cacheReadTokens"] = "0",
            ["allTokens"] = "150",
            ["requests"] = "abc",
            ["ephemeral5mTokens"] = "0",
            ["ephemeral1hTokens"] = "0",
        }, TimeSpan.FromDays(31));
        await writer.StringAsync(LegacyKeys.CostDaily(junkId, today), "not-a-number", TimeSpan.FromDays(29));
        Planted(LegacyKeys.KeyDaily(junkId, today), "NonNumericValue");
        Planted(LegacyKeys.CostDaily(junkId, today), "NonNumericValue");
        var expectation = new UsageExpectation();
        expectation.Daily[today] = new UsageCounters(0, 100, 50, 0, 0, 0, 0, 0);
        expectation.DailyCost[today] = 0;
        dataset.KeyUsage[junkCounters.Id] = expectation;

        // Broken JSON and an unreadable timestamp in an otherwise good key: it is migrated.
        var brokenFields = await NewKeyAsync(hashMap, 2001, key => key with
        {
            Fields = new Dictionary<string, string>(key.Fields) { ["restrictedModels"] = "[broken", ["lastUsedAt"] = "yesterday" },
        });
        Planted(LegacyKeys.ApiKey(brokenFields.Id.ToString()), "BrokenJson");
        Planted(LegacyKeys.ApiKey(brokenFields.Id.ToString()), "BadTimestamp");

        // A key whose hash has no hash-map entry, one without any hash, one with another key's.
        var unmapped = await NewKeyAsync(null, 2002);
        Planted(LegacyKeys.ApiKey(unmapped.Id.ToString()), "MissingHashMapEntry");
        var hashless = await NewKeyAsync(null, 2003, key => key with { Fields = key.Fields.Where(field => field.Key != "apiKey").ToDictionary() });
        Planted(LegacyKeys.ApiKey(hashless.Id.ToString()), "MissingField");
        var duplicate = await NewKeyAsync(null, 2004, key => key with { Fields = new Dictionary<string, string>(key.Fields) { ["apiKey"] = dataset.ApiKeys[0].Hash } });
        Planted(LegacyKeys.ApiKey(duplicate.Id.ToString()), "DuplicateApiKeyHash");

        var ghost = Guid.NewGuid().ToString();
        hashMap[keys.NewKey().Hash] = ghost;
        Planted(LegacyKeys.ApiKeyHashMap, "DanglingHashMapEntry");

        // Usage of a key that no longer exists (its hash expired after a year unused).
        var orphan = Guid.NewGuid();
        var orphanTotals = new UsageCounters(7, 700, 300, 0, 100, 0, 0, 0.25m);
        await writer.HashAsync(LegacyKeys.KeyTotals(orphan.ToString()), orphanTotals.TotalFields(ephemeral: true));
        await writer.StringAsync(LegacyKeys.CostTotal(orphan.ToString()), "0.25");
        dataset.KeyUsage[orphan] = new UsageExpectation { Totals = orphanTotals };
        Planted(orphan.ToString(), "OrphanUsage");

        // Keys of another type than their family's.
        var listed = Guid.NewGuid().ToString();
        await writer.ListAsync(LegacyKeys.KeyTotals(listed), "not", "a", "hash");
        Planted(LegacyKeys.KeyTotals(listed), "WrongType");
        var stringAccount = LegacyKeys.ClaudeAccount(Guid.NewGuid().ToString());
        await writer.StringAsync(stringAccount, "not a hash");
        Planted(stringAccount, "WrongType");

        // Names that cannot be used.
        await writer.HashAsync("apikey:not-a-uuid", new Dictionary<string, string> { ["name"] = "broken" });
        Planted("apikey:not-a-uuid", "MalformedKey");
        await writer.HashAsync($"usage:daily:NOT-A-UUID:{today}", new Dictionary<string, string> { ["requests"] = "1" }, TimeSpan.FromDays(2));
        Planted($"usage:daily:NOT-A-UUID:{today}", "MalformedKey");

        // Documents that do not parse: nothing usable is left, so they are quarantined.
        var (bedrock, _) = accounts.Bedrock(99);
        await writer.StringAsync(bedrock.KeyName, "{not json");
        Planted(bedrock.KeyName, "BrokenJson");
        var brokenUser = $"user:{Guid.NewGuid():N}";
        await writer.StringAsync(brokenUser, "not json either");
        Planted(brokenUser, "BrokenJson");

        // Secrets that do not decrypt with the encryption key: kept as stored.
        var undecryptable = accounts.Claude(98);
        var fields = new Dictionary<string, string>(undecryptable.Fields) { ["accessToken"] = "00112233445566778899aabbccddeeff:00112233445566778899aabbccddeeff" };
        await writer.HashAsync(undecryptable.KeyName, fields);
        dataset.Accounts.Add(undecryptable with { Fields = fields, Secrets = new Dictionary<string, string>(undecryptable.Secrets) { ["accessToken"] = fields["accessToken"] } });
        Planted(undecryptable.KeyName, "Undecryptable");

        // Cross-family references that point nowhere.
        var openAiDedicated = dataset.Accounts.First(account => account.Platform == "openai" && account.Fields["accountType"] == "dedicated");
        await writer.SetAsync("shared_openai_accounts", [openAiDedicated.Id.ToString()]);
        Planted("shared_openai_accounts", "SharedSetMismatch");
        await writer.SetAsync($"account_group_members:{dataset.Groups[0]}", [Guid.NewGuid().ToString()]);
        Planted($"account_group_members:{dataset.Groups[0]}", "DanglingGroupReference");
        await writer.StringAsync("username:ghost", "0123456789abcdef0123456789abcdef");
        Planted("username:ghost", "DanglingUsername");

        foreach (var unknown in new[] { "bull:queue:jobs", "some_random_key", "apikey:set:active" })
        {
            await writer.StringAsync(unknown, "x");
            Planted(unknown, "UnknownKey");
        }
    }

    private async Task<GeneratedApiKey> NewKeyAsync(Dictionary<string, string>? hashMap, int index, Func<GeneratedApiKey, GeneratedApiKey>? change = null)
    {
        var key = keys.Create(Guid.NewGuid(), index, "", clock.Now.AddDays(-1));
        key = change?.Invoke(key) ?? key;
        await writer.HashAsync(LegacyKeys.ApiKey(key.Id.ToString()), key.Fields, keys.TtlOf(key));
        if (hashMap is null)
        {
            key = key with { RetiredHashes = [] };
        }
        else
        {
            foreach (var hash in key.RetiredHashes.Append(key.Hash))
            {
                hashMap[hash] = key.Id.ToString();
            }
        }

        dataset.ApiKeys.Add(key);
        return key;
    }

    private void Planted(string key, string kind) => dataset.Problems.Add(new PlantedProblem(key, kind));
}
