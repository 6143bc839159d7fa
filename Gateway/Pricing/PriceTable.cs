using System.Collections.Concurrent;
using System.Text.Json;
using DataAccess.LegacyRedis.Layout;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;

namespace Gateway.Pricing;

// The price list shipped with the gateway (LiteLLM's model_prices_and_context_window.json
// format), loaded once and again whenever the file changes, never per request. Lookups
// follow the legacy rules (layout §8), first match wins: the exact name; for Bedrock-style
// names (".anthropic." or ".claude", such as us.anthropic.claude-sonnet-4-20250514-v1:0) the
// name without a us./eu./apac. region prefix, and then (our addition, so an exact entry wins
// over a fuzzy one) the model's core name as the legacy usage keys write it (region, vendor
// and -v1:0 version removed); then the first entry in file order whose name, lowercased
// without '-' and '_', contains the requested one or is contained in it; last, for names with
// "anthropic.claude", the first entry in file order whose name (also without "anthropic.")
// contains the core name without region and vendor. Answers are remembered per model name.
public sealed partial class PriceTable : IDisposable
{
    private const string Vendor = "anthropic.";

    private static readonly string[] RegionPrefixes = ["us.", "eu.", "apac."];

    private readonly string _path;
    private readonly ILogger<PriceTable> _logger;
    private readonly PhysicalFileProvider _files;
    private readonly IDisposable _watch;
    private volatile Prices _prices;

    public PriceTable(IOptions<GatewayOptions> options, ILogger<PriceTable> logger)
    {
        _logger = logger;
        _path = Path.GetFullPath(options.Value.Pricing.File, AppContext.BaseDirectory);
        _files = new PhysicalFileProvider(Path.GetDirectoryName(_path)!) { UsePollingFileWatcher = true, UseActivePolling = true };
        _prices = Load();
        _watch = ChangeToken.OnChange(() => _files.Watch(Path.GetFileName(_path)), () => _prices = Load());
    }

    public int Count => _prices.InOrder.Count;

    public ModelPrice? Find(string model) => _prices.Resolved.GetOrAdd(model, Resolve);

    public void Dispose()
    {
        _watch.Dispose();
        _files.Dispose();
    }

    private ModelPrice? Resolve(string model)
    {
        var prices = _prices;
        if (prices.Exact.TryGetValue(model, out var exact))
        {
            return exact;
        }

        if (model.Contains(".anthropic.", StringComparison.Ordinal) || model.Contains(".claude", StringComparison.Ordinal))
        {
            if (prices.Exact.TryGetValue(WithoutRegion(model), out var regional)
                || prices.Exact.TryGetValue(ModelNameNormalizer.Normalize(model), out regional))
            {
                return regional;
            }
        }

        var wanted = Normalize(model);
        foreach (var (_, normalized, price) in prices.InOrder)
        {
            if (normalized.Contains(wanted, StringComparison.Ordinal) || wanted.Contains(normalized, StringComparison.Ordinal))
            {
                return price;
            }
        }

        return model.Contains("anthropic.claude", StringComparison.Ordinal) ? BedrockCoreMatch(prices, model) : null;
    }

    private static ModelPrice? BedrockCoreMatch(Prices prices, string model)
    {
        var core = WithoutFirst(WithoutRegion(model), Vendor);
        foreach (var (name, _, price) in prices.InOrder)
        {
            if (name.Contains(core, StringComparison.Ordinal) || WithoutFirst(name, Vendor).Contains(core, StringComparison.Ordinal))
            {
                return price;
            }
        }

        return null;
    }

    private static string WithoutRegion(string model)
    {
        foreach (var prefix in RegionPrefixes)
        {
            if (model.StartsWith(prefix, StringComparison.Ordinal))
            {
                return model[prefix.Length..];
            }
        }

        return model;
    }

    private static string WithoutFirst(string text, string part)
    {
        var at = text.IndexOf(part, StringComparison.Ordinal);
        return at < 0 ? text : text.Remove(at, part.Length);
    }

    private Prices Load()
    {
        try
        {
            using var stream = File.OpenRead(_path);
            using var document = JsonDocument.Parse(stream);
            var exact = new Dictionary<string, ModelPrice>(StringComparer.Ordinal);
            var inOrder = new List<(string, string, ModelPrice)>();
            foreach (var entry in document.RootElement.EnumerateObject())
            {
                if (entry.Value.ValueKind != JsonValueKind.Object || !entry.Value.TryGetProperty("input_cost_per_token", out _))
                {
                    continue;
                }

                var price = new ModelPrice(
                    Decimal(entry.Value, "input_cost_per_token") ?? 0,
                    Decimal(entry.Value, "output_cost_per_token") ?? 0,
                    Decimal(entry.Value, "cache_creation_input_token_cost") ?? 0,
                    Decimal(entry.Value, "cache_read_input_token_cost") ?? 0,
                    Decimal(entry.Value, "cache_creation_input_token_cost_above_1hr"),
                    entry.Value.TryGetProperty("litellm_provider", out var provider) ? provider.GetString() : null);
                exact.TryAdd(entry.Name, price);
                inOrder.Add((entry.Name, Normalize(entry.Name), price));
            }

            LogLoaded(exact.Count, _path);
            return new Prices(exact, inOrder);
        }
        catch (Exception exception) when (exception is IOException or JsonException or UnauthorizedAccessException)
        {
            LogLoadFailed(exception, _path);

            // A broken edit keeps the prices that were loaded; at start there are none and
            // every cost comes from the documented fallback.
            return _prices ?? new Prices(new Dictionary<string, ModelPrice>(), []);
        }
    }

    private static decimal? Decimal(JsonElement entry, string name) =>
        entry.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetDecimal() : null;

    private static string Normalize(string name) => name.ToLowerInvariant().Replace("-", "", StringComparison.Ordinal).Replace("_", "", StringComparison.Ordinal);

    private sealed record Prices(Dictionary<string, ModelPrice> Exact, List<(string Name, string Normalized, ModelPrice Price)> InOrder)
    {
        public ConcurrentDictionary<string, ModelPrice?> Resolved { get; } = new(StringComparer.Ordinal);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Loaded {Count} model prices from {Path}.")]
    private partial void LogLoaded(int count, string path);

    [LoggerMessage(Level = LogLevel.Error, Message = "The price list {Path} could not be read.")]
    private partial void LogLoadFailed(Exception exception, string path);
}
