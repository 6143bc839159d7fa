using Gateway.Usage;

namespace Gateway.Pricing;

// The cost of one request, by the legacy rules (layout §8). Streamed answers, and any
// answer that splits its cache writes into 5-minute and 1-hour parts, use the stream rule:
// a model without a price costs nothing. Other answers use the non-stream rule: a model
// without a price is costed with the static fallback table (Sonnet prices for unknown
// names). One-hour cache writes use the list's own one-hour price when it has one, else the
// legacy family price.
public sealed partial class CostCalculator(PriceTable prices, ILogger<CostCalculator> logger)
{
    private const decimal PerMillion = 1_000_000m;

    private static readonly ModelPrice SonnetFallback = PerMTok(3, 15, 3.75m, 0.30m);
    private static readonly ModelPrice HaikuFallback = PerMTok(0.25m, 1.25m, 0.30m, 0.03m);
    private static readonly ModelPrice OpusFallback = PerMTok(15, 75, 18.75m, 1.50m);

    private readonly HashSet<string> _reportedUnknown = [];

    public decimal Cost(string model, TokenUsage usage, bool streamed)
    {
        var price = prices.Find(model);
        if (price is null)
        {
            ReportUnknown(model);
        }

        if (streamed || usage.HasCacheBreakdown)
        {
            if (price is null)
            {
                return 0;
            }

            var cacheWrite = usage.HasCacheBreakdown
                ? (usage.Ephemeral5m * price.CacheWrite) + (usage.Ephemeral1h * (price.CacheWrite1h ?? OneHourFamilyPrice(model)))
                : usage.CacheCreate * price.CacheWrite;
            return (usage.Input * price.Input) + (usage.Output * price.Output) + (usage.CacheRead * price.CacheRead) + cacheWrite;
        }

        price ??= Fallback(model);
        var cacheWritePrice = price.CacheWrite == 0 && usage.CacheCreate > 0 && IsOpenAi(model, price) ? price.Input : price.CacheWrite;
        return (usage.Input * price.Input) + (usage.Output * price.Output) + (usage.CacheCreate * cacheWritePrice) + (usage.CacheRead * price.CacheRead);
    }

    private static decimal OneHourFamilyPrice(string model)
    {
        var name = model.ToLowerInvariant();
        return name.Contains("opus", StringComparison.Ordinal) ? 0.00003m
            : name.Contains("sonnet", StringComparison.Ordinal) ? 0.000006m
            : name.Contains("haiku", StringComparison.Ordinal) ? 0.0000016m
            : 0;
    }

    private static ModelPrice Fallback(string model) => model switch
    {
        "claude-3-5-haiku-20241022" or "claude-3-haiku-20240307" => HaikuFallback,
        "claude-3-opus-20240229" => OpusFallback,
        _ => SonnetFallback,
    };

    private static bool IsOpenAi(string model, ModelPrice price) =>
        model.Contains("gpt", StringComparison.Ordinal) || model.Contains("o1", StringComparison.Ordinal) || price.Provider == "openai";

    private static ModelPrice PerMTok(decimal input, decimal output, decimal cacheWrite, decimal cacheRead) =>
        new(input / PerMillion, output / PerMillion, cacheWrite / PerMillion, cacheRead / PerMillion, null, null);

    private void ReportUnknown(string model)
    {
        lock (_reportedUnknown)
        {
            // Bounded: model names come from clients.
            if (_reportedUnknown.Count >= 1000 || !_reportedUnknown.Add(model))
            {
                return;
            }
        }

        LogUnknownModel(model);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "No price is listed for model {Model}; streamed requests cost 0 and others are costed at the fallback prices.")]
    private partial void LogUnknownModel(string model);
}
