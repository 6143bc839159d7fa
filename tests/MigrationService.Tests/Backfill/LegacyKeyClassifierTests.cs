using DataAccess.Time;
using MigrationService.Backfill.Keys;

namespace MigrationService.Tests.Backfill;

public sealed class LegacyKeyClassifierTests
{
    private const string Id = "3f2b6c1e-8a4d-4e0f-9b7a-1c2d3e4f5a6b";
    private readonly LegacyKeyClassifier _classifier = new(new TimeBuckets(8));

    [Theory]
    [InlineData($"usage:cost:daily:{Id}:2025-08-19", LegacyFamily.KeyCostBucket)]
    [InlineData($"usage:cost:total:{Id}", LegacyFamily.KeyCostTotal)]
    [InlineData("usage:model:hourly:claude-sonnet-4-20250514:2025-08-19:23", LegacyFamily.GlobalModelUsage)]
    [InlineData($"usage:hourly:{Id}:2025-08-19:23", LegacyFamily.KeyUsageBucket)]
    [InlineData($"usage:monthly:{Id}:2025-08", LegacyFamily.KeyUsageBucket)]
    [InlineData($"usage:{Id}:model:daily:claude-sonnet-4-20250514:2025-08-19", LegacyFamily.KeyModelUsageBucket)]
    [InlineData($"usage:{Id}", LegacyFamily.KeyUsageTotals)]
    [InlineData($"account_usage:model:monthly:{Id}:gpt-5:2025-08", LegacyFamily.AccountModelUsageBucket)]
    [InlineData($"account_usage:daily:{Id}:2025-08-19", LegacyFamily.AccountUsageBucket)]
    [InlineData($"account_usage:{Id}", LegacyFamily.AccountUsageTotals)]
    [InlineData("apikey:hash_map", LegacyFamily.ApiKeyHashMap)]
    [InlineData($"apikey:{Id}", LegacyFamily.ApiKey)]
    [InlineData($"claude:account:{Id}", LegacyFamily.ClaudeAccount)]
    [InlineData($"bedrock_account:{Id}", LegacyFamily.BedrockAccount)]
    [InlineData("session:admin_credentials", LegacyFamily.AdminCredentials)]
    [InlineData("session:0123abcd", LegacyFamily.AdminSession)]
    [InlineData("unified_claude_session_mapping:2719b7a469d904b3281d8488976f3310", LegacyFamily.StickySession)]
    [InlineData($"claude_account:{Id}:401_errors", LegacyFamily.AccountErrorCounter)]
    [InlineData("system:metrics:minute:29258879", LegacyFamily.MinuteMetrics)]
    [InlineData("system:scheduling_config", LegacyFamily.SchedulingConfig)]
    [InlineData($"crs2:cost:account:hourly:{Id}:2025-08-19:23", LegacyFamily.AccountCostBucket)]
    [InlineData($"crs2:cost:account:total:{Id}", LegacyFamily.AccountCostTotal)]
    [InlineData($"crs2:cost:account-model:daily:{Id}:gpt-5:2025-08-19", LegacyFamily.AccountModelCostBucket)]
    [InlineData($"crs2:cost:key-model:hourly:{Id}:claude-sonnet-4-20250514:2025-08-19:23", LegacyFamily.KeyModelCostBucket)]
    [InlineData("crs2:cost:model:daily:claude-sonnet-4-20250514:2025-08-19", LegacyFamily.OwnKeys)]
    [InlineData("crs2:cost:key-model:weekly:x", LegacyFamily.OwnKeys)]
    [InlineData("crs2:cache:apikey:id:x", LegacyFamily.OwnKeys)]
    [InlineData("apikey:set:active", LegacyFamily.Unknown)]
    [InlineData("usage:global:total", LegacyFamily.Unknown)]
    [InlineData("something:else", LegacyFamily.Unknown)]
    public void Keys_are_read_by_the_grammar_most_specific_shape_first(string name, LegacyFamily family) =>
        Assert.Equal(family, _classifier.Classify(name).Family);

    [Fact]
    public void A_cost_per_model_is_read_with_its_owner_model_and_bucket()
    {
        var key = _classifier.Classify($"crs2:cost:key-model:hourly:{Id}:llama3:8b:2025-08-19:03");

        Assert.Equal((Guid.Parse(Id), "llama3:8b", "2025-08-19:03"), (key.OwnerId, key.Model, key.Bucket!.Value.Text));
    }

    [Fact]
    public void A_model_name_may_contain_colons_because_the_bucket_is_anchored_at_the_end()
    {
        var key = _classifier.Classify($"usage:{Id}:model:hourly:llama3:8b:2025-08-19:03");

        Assert.Equal(("llama3:8b", "2025-08-19:03"), (key.Model, key.Bucket!.Value.Text));
        Assert.Equal(new DateTimeOffset(2025, 8, 18, 19, 0, 0, TimeSpan.Zero), key.Bucket.Value.Start);
    }

    [Fact]
    public void A_bucket_covers_its_local_interval_in_the_offset()
    {
        var day = _classifier.Classify($"usage:daily:{Id}:2025-09-01").Bucket!.Value;
        var month = _classifier.Classify($"usage:monthly:{Id}:2025-02").Bucket!.Value;

        Assert.Equal((new DateTimeOffset(2025, 8, 31, 16, 0, 0, TimeSpan.Zero), new DateTimeOffset(2025, 9, 1, 16, 0, 0, TimeSpan.Zero)), (day.Start, day.End));
        Assert.Equal((new DateTimeOffset(2025, 1, 31, 16, 0, 0, TimeSpan.Zero), new DateTimeOffset(2025, 2, 28, 16, 0, 0, TimeSpan.Zero)), (month.Start, month.End));
    }

    [Theory]
    [InlineData("apikey:NOT-A-UUID")]
    [InlineData("usage:daily:3F2B6C1E-8A4D-4E0F-9B7A-1C2D3E4F5A6B:2025-08-19")]
    [InlineData($"usage:daily:{Id}:2025-02-30")]
    public void Names_a_family_cannot_use_are_malformed(string name) =>
        Assert.Equal(LegacyFamily.Malformed, _classifier.Classify(name).Family);
}
