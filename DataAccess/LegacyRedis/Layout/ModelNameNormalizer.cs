using System.Text.RegularExpressions;

namespace DataAccess.LegacyRedis.Layout;

// Model names as the legacy relay puts them into usage key names (layout §3): Bedrock-style
// names lose their region and "anthropic." prefix and version suffix; others lose one
// "-vN:M" or ":latest" suffix. Cost calculation uses the raw name.
public static partial class ModelNameNormalizer
{
    public static string Normalize(string? model)
    {
        if (string.IsNullOrEmpty(model) || model == "unknown")
        {
            return model ?? "";
        }

        if (model.Contains(".anthropic.", StringComparison.Ordinal) || model.Contains(".claude", StringComparison.Ordinal))
        {
            var withoutRegion = LeadingSegment().Replace(model, "", 1);
            var anthropic = withoutRegion.IndexOf("anthropic.", StringComparison.Ordinal);
            var withoutVendor = anthropic < 0 ? withoutRegion : withoutRegion.Remove(anthropic, "anthropic.".Length);
            return VersionSuffix().Replace(withoutVendor, "");
        }

        var withoutVersion = VersionSuffix().Replace(model, "");
        return withoutVersion != model ? withoutVersion : LatestSuffix().Replace(model, "");
    }

    [GeneratedRegex("^[a-z0-9-]+\\.")]
    private static partial Regex LeadingSegment();

    [GeneratedRegex("-v\\d+:\\d+$")]
    private static partial Regex VersionSuffix();

    [GeneratedRegex(":latest$")]
    private static partial Regex LatestSuffix();
}
