using System.Text;
using System.Text.Json.Nodes;

namespace MigrationService.Tests.Backfill;

// Every value our API shows for a legacy dataset is the same before the migration (the legacy
// Redis backend, as a relay with DATABASE_TYPE=redis answers) and after it (the PostgreSQL
// backend on the migrated database): an operator who switches backends sees no difference.
public sealed class ApiVisibleEqualityTests(BeforeAndAfterFixture fixture) : IClassFixture<BeforeAndAfterFixture>
{
    [Theory]
    [InlineData("apiKeys/")]
    [InlineData("apiKey/")]
    [InlineData("validate/")]
    [InlineData("claude/")]
    [InlineData("claude-token/")]
    [InlineData("openai/")]
    [InlineData("openai-token/")]
    [InlineData("session/")]
    [InlineData("summary/")]
    [InlineData("costStats/")]
    [InlineData("dailyCost/")]
    [InlineData("usage/")]
    [InlineData("costs/")]
    public void Every_answer_is_the_same_before_and_after(string family)
    {
        var before = Family(fixture.Before, family);
        var after = Family(fixture.After, family);
        Assert.Equal(before.Keys, after.Keys);
        foreach (var question in Repaired())
        {
            before.Remove(question);
        }

        var differences = before.Where(answer => answer.Value != after[answer.Key]).ToList();
        var report = new StringBuilder($"{differences.Count} of {before.Count} answers differ");
        foreach (var (question, answer) in differences.Take(5))
        {
            report.Append($"\n{question} (before -> after)");
            foreach (var difference in JsonDifferences.Between(answer, after[question]).Take(4))
            {
                report.Append($"\n  {difference}");
            }
        }

        Assert.True(differences.Count == 0, report.ToString());
    }

    [Fact]
    public void Sessions_expire_when_they_did_before()
    {
        Assert.Equal(fixture.Before.SessionExpiries.Keys, fixture.After.SessionExpiries.Keys);
        foreach (var (token, expiry) in fixture.Before.SessionExpiries)
        {
            Assert.InRange(fixture.After.SessionExpiries[token] - expiry, TimeSpan.FromSeconds(-60), TimeSpan.FromSeconds(60));
        }
    }

    // The planted corrupt entries the migration repairs answer differently afterwards, by
    // design; each repair is asserted on its own.
    [Fact]
    public void A_key_missing_from_the_hash_map_validates_after_the_migration()
    {
        var question = $"validate/{UnmappedKey}";

        Assert.Equal($"error {DataAccess.DatabaseErrorCode.RecordNotFound}", fixture.Before.Answers[question]);
        Assert.Equal(UnmappedKey.ToString(), JsonNode.Parse(fixture.After.Answers[question])!["id"]!.GetValue<string>());
    }

    // A day is all the migration knows of such usage: it counts in its month; by the hour it
    // shows nowhere, as in the relay, which has no hourly bucket of it.
    [Fact]
    public void Usage_kept_only_in_a_daily_bucket_counts_in_its_month()
    {
        var before = JsonNode.Parse(fixture.Before.Answers[$"summary/{KeyWithoutMonth}"])!;
        var after = JsonNode.Parse(fixture.After.Answers[$"summary/{KeyWithoutMonth}"])!;
        var month = JsonNode.Parse(fixture.After.Answers[$"usage/{KeyWithoutMonth}/month"])!["stats"]!.AsArray();

        Assert.Equal(0, before["monthly"]!["totalTokens"]!.GetValue<long>());
        Assert.Equal(150, before["daily"]!["totalTokens"]!.GetValue<long>());
        Assert.True(JsonNode.DeepEquals(after["daily"], after["monthly"]), after.ToJsonString());
        Assert.Equal(150, Assert.Single(month)!["totalTokens"]!.GetValue<long>());
    }

    // The comparison means something only if the legacy backend found the dataset.
    [Fact]
    public void The_legacy_backend_answers_for_every_generated_entity()
    {
        var dataset = fixture.Dataset;
        var unusable = dataset.Problems.Where(problem => problem.Kind is "MissingHashMapEntry" or "MissingField" or "DuplicateApiKeyHash").Select(problem => problem.Key).ToHashSet();
        Assert.Equal(3, unusable.Count);
        Assert.All(dataset.ApiKeys, key => Assert.StartsWith("{", fixture.Before.Answers[$"apiKey/{key.Id}"]));
        Assert.All(
            dataset.ApiKeys.Where(key => !unusable.Contains($"apikey:{key.Id}")),
            key => Assert.StartsWith("{", fixture.Before.Answers[$"validate/{key.Id}"]));
        Assert.All(dataset.Accounts.Where(account => account.Platform == "claude"), account => Assert.StartsWith("{", fixture.Before.Answers[$"claude/claude/{account.Id}"]));
        Assert.All(dataset.Accounts.Where(account => account.Platform == "openai"), account => Assert.StartsWith("{", fixture.Before.Answers[$"openai/openai/{account.Id}"]));
        Assert.Equal(dataset.AdminSessions.Count + dataset.UserSessions.Count, fixture.Before.SessionExpiries.Count);
        Assert.Contains(fixture.Before.Answers, answer => answer.Key.EndsWith("/hour", StringComparison.Ordinal) && answer.Value.Contains("\"requests\":", StringComparison.Ordinal));
        Assert.True(dataset.KeysWritten >= 3000, $"the dataset has {dataset.KeysWritten} keys; the migration test wants several thousand");
    }

    private Guid UnmappedKey => PlantedId("MissingHashMapEntry", "apikey:");

    // The junk counters: a daily bucket without its monthly one, with a non-numeric request count.
    private Guid KeyWithoutMonth => PlantedId("NonNumericValue", "usage:daily:");

    private string[] Repaired() =>
        [$"validate/{UnmappedKey}", $"summary/{KeyWithoutMonth}", $"usage/{KeyWithoutMonth}/month"];

    private Guid PlantedId(string kind, string prefix)
    {
        var key = fixture.Dataset.Problems.Single(problem => problem.Kind == kind && problem.Key.StartsWith(prefix, StringComparison.Ordinal)).Key;
        return Guid.Parse(key[prefix.Length..].Split(':')[0]);
    }

    private static SortedDictionary<string, string> Family(ApiVisibleSnapshot snapshot, string family) =>
        new(snapshot.Answers.Where(answer => answer.Key.StartsWith(family, StringComparison.Ordinal)).ToDictionary(), StringComparer.Ordinal);
}
