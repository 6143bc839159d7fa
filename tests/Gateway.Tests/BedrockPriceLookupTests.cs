using Gateway.Pricing;
using Gateway.Usage;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Gateway.Tests;

// Bedrock model ids as clients send them (region, vendor and version in the id) find the
// price of their model in the shipped price list, by the legacy lookup rules (layout §8).
public sealed class BedrockPriceLookupTests : IDisposable
{
    private readonly List<string> _files = [];

    [Theory]
    [InlineData("us.anthropic.claude-sonnet-4-20250514-v1:0", "claude-sonnet-4-20250514")]
    [InlineData("eu.anthropic.claude-3-7-sonnet-20250219-v1:0", "claude-3-7-sonnet-20250219")]
    [InlineData("apac.anthropic.claude-3-5-haiku-20241022-v1:0", "claude-3-5-haiku-20241022")]
    [InlineData("anthropic.claude-3-haiku-20240307-v1:0", "claude-3-haiku-20240307")]
    [InlineData("us.anthropic.claude-opus-4-1-20250805-v1:0", "claude-opus-4-1-20250805")]
    [InlineData("us.anthropic.claude-opus-4-5-20251101-v1:0", "claude-opus-4-5-20251101")]
    [InlineData("global.anthropic.claude-haiku-4-5-20251001-v1:0", "claude-haiku-4-5-20251001")]
    [InlineData("us.anthropic.claude-opus-4-20250514-v1:0", "claude-opus-4-20250514")]
    public void A_Bedrock_id_is_priced_as_its_model_in_the_shipped_list(string bedrockId, string model)
    {
        using var shipped = Table("Pricing/model_prices_and_context_window.json");

        var price = shipped.Find(bedrockId);

        Assert.NotNull(price);
        Assert.Equal(shipped.Find(model), price);
    }

    [Fact]
    public void The_shipped_list_prices_Bedrock_ids_of_the_legacy_worked_example_like_the_model()
    {
        using var shipped = Table("Pricing/model_prices_and_context_window.json");
        var costs = new CostCalculator(shipped, NullLogger<CostCalculator>.Instance);
        var usage = new TokenUsage(Input: 1000, Output: 500, CacheCreate: 2000, CacheRead: 10000, Ephemeral5m: 0, Ephemeral1h: 0, HasCacheBreakdown: false);

        // Layout §8's worked example, non-stream rule: 0.003 + 0.0075 + 0.0075 + 0.003.
        Assert.Equal(0.021m, costs.Cost("us.anthropic.claude-sonnet-4-20250514-v1:0", usage, streamed: false));
        Assert.Equal(0.021m, costs.Cost("claude-sonnet-4-20250514", usage, streamed: false));
    }

    [Fact]
    public void A_Bedrock_id_of_a_model_the_list_does_not_have_has_no_price()
    {
        using var shipped = Table("Pricing/model_prices_and_context_window.json");

        Assert.Null(shipped.Find("anthropic.claude-v2:1"));
        Assert.Null(shipped.Find("us.anthropic.claude-instant-v1"));
    }

    // The list's own regional entry (as LiteLLM lists them) is found by the name without the
    // region prefix, before any other rule.
    [Fact]
    public void An_entry_for_the_id_without_its_region_wins()
    {
        using var table = Table(WriteList(
            ("claude-sonnet-4-20250514", 0.000003m),
            ("anthropic.claude-sonnet-4-20250514-v1:0", 0.0000031m)));

        Assert.Equal(0.0000031m, table.Find("us.anthropic.claude-sonnet-4-20250514-v1:0")!.Input);
    }

    // An undated entry earlier in the file would win the fuzzy match; the exact model name of
    // the id wins over it.
    [Fact]
    public void The_model_name_of_the_id_wins_over_a_fuzzy_match_earlier_in_the_file()
    {
        using var table = Table(WriteList(
            ("claude-sonnet-4", 0.000009m),
            ("claude-sonnet-4-20250514", 0.000003m)));

        Assert.Equal(0.000003m, table.Find("us.anthropic.claude-sonnet-4-20250514-v1:0")!.Input);
        Assert.Equal(0.000009m, table.Find("claude-sonnet-4-2025")!.Input);
    }

    // The legacy last step: an entry whose name carries the id's core name (here a LiteLLM
    // per-region Bedrock entry that no other rule reaches).
    [Fact]
    public void A_Bedrock_id_finds_an_entry_that_carries_its_core_name()
    {
        using var table = Table(WriteList(
            ("gpt-4o", 0.0000025m),
            ("bedrock/eu-west-1/anthropic.claude-3-5-sonnet-20240620-v1:0", 0.0000033m)));

        Assert.Equal(0.0000033m, table.Find("eu.anthropic.claude-3-5-sonnet-20240620-v1:0")!.Input);
        Assert.Null(table.Find("eu.anthropic.claude-3-5-sonnet-20240620-v2:0"));
    }

    public void Dispose()
    {
        foreach (var file in _files)
        {
            File.Delete(file);
        }
    }

    private static PriceTable Table(string file) =>
        new(Options.Create(new GatewayOptions { Pricing = new PricingOptions { File = file } }), NullLogger<PriceTable>.Instance);

    private string WriteList(params (string Model, decimal Input)[] entries)
    {
        var path = Path.Combine(Path.GetTempPath(), $"prices-{Guid.NewGuid():N}.json");
        var body = string.Join(",", entries.Select(entry =>
            $$"""
            "{{entry.Model}}":{"input_cost_per_token":{{entry.Input.ToString(System.Globalization.CultureInfo.InvariantCulture)}},"output_cost_per_token":0.000015,"litellm_provider":"bedrock"}
            """));
        File.WriteAllText(path, "{" + body + "}");
        _files.Add(path);
        return path;
    }
}
