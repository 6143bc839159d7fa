using System.Text.RegularExpressions;
using DataAccess.LegacyRedis.Layout;
using DataAccess.Usage;
using ServiceDefaults.Redis;

namespace DataAccess.LegacyRedis.Stores.Usage;

// Finds where the buckets of a usage query live. A series named by the query (one key, one
// account, one model) has a known key per bucket; the members of a grouping (every model
// of a key, every key, ...) are found with SCAN and their buckets filtered by label.
internal sealed class UsageCellFinder(RedisClient redis)
{
    private const int ScanPageSize = 1000;

    public Task<IReadOnlyList<UsageCell>> FindAsync(UsageScope scope, BucketKind kind, IReadOnlyList<string> labels, CancellationToken cancellationToken)
    {
        var (key, account, model, groupBy) = scope;
        if (key is not null)
        {
            return model is not null ? Known(labels, label => new UsageCell(label, groupBy switch
                {
                    UsageGroupBy.Model => model,
                    UsageGroupBy.ApiKey => key,
                    _ => null,
                }, LegacyKeys.KeyModelUsage(kind, key, model, label), Crs2Keys.KeyModelCost(kind, key, model, label), KeyLevel: false))
                : groupBy == UsageGroupBy.Model ? ScanAsync(
                    $"usage:{RedisGlob.Escape(key)}:model:{kind.Name()}:*",
                    $"^usage:{Regex.Escape(key)}:model:{kind.Name()}:(?<member>.+):(?<label>{kind.LabelPattern()})$",
                    labels, (member, label) => (Crs2Keys.KeyModelCost(kind, key, member, label), false), cancellationToken)
                : Known(labels, label => new UsageCell(
                    label, groupBy == UsageGroupBy.ApiKey ? key : null, LegacyKeys.KeyUsage(kind, key, label), LegacyKeys.Cost(kind, key, label), KeyLevel: true));
        }

        if (account is not null)
        {
            return model is not null ? Known(labels, label => new UsageCell(label, groupBy switch
                {
                    UsageGroupBy.Model => model,
                    UsageGroupBy.Account => account,
                    _ => null,
                }, LegacyKeys.AccountModelUsage(kind, account, model, label), Crs2Keys.AccountModelCost(kind, account, model, label), KeyLevel: false))
                : groupBy == UsageGroupBy.Model ? ScanAsync(
                    $"account_usage:model:{kind.Name()}:{RedisGlob.Escape(account)}:*",
                    $"^account_usage:model:{kind.Name()}:{Regex.Escape(account)}:(?<member>.+):(?<label>{kind.LabelPattern()})$",
                    labels, (member, label) => (Crs2Keys.AccountModelCost(kind, account, member, label), false), cancellationToken)
                : Known(labels, label => new UsageCell(
                    label, groupBy == UsageGroupBy.Account ? account : null, LegacyKeys.AccountUsage(kind, account, label), Crs2Keys.AccountCost(kind, account, label), KeyLevel: false));
        }

        return model is not null ? groupBy switch
            {
                UsageGroupBy.ApiKey => ScanAsync(
                    $"usage:*:model:{kind.Name()}:{RedisGlob.Escape(model)}:*",
                    $"^usage:(?<member>[^:]+):model:{kind.Name()}:{Regex.Escape(model)}:(?<label>{kind.LabelPattern()})$",
                    labels, (member, label) => (Crs2Keys.KeyModelCost(kind, member, model, label), false), cancellationToken),
                UsageGroupBy.Account => ScanAsync(
                    $"account_usage:model:{kind.Name()}:*:{RedisGlob.Escape(model)}:*",
                    $"^account_usage:model:{kind.Name()}:(?<member>[^:]+):{Regex.Escape(model)}:(?<label>{kind.LabelPattern()})$",
                    labels, (member, label) => (Crs2Keys.AccountModelCost(kind, member, model, label), false), cancellationToken),
                _ => Known(labels, label => new UsageCell(
                    label, groupBy == UsageGroupBy.Model ? model : null, LegacyKeys.ModelUsage(kind, model, label), Crs2Keys.ModelCost(kind, model, label), KeyLevel: false)),
            }
            : groupBy switch
            {
                UsageGroupBy.Model => ScanAsync(
                    $"usage:model:{kind.Name()}:*",
                    $"^usage:model:{kind.Name()}:(?<member>.+):(?<label>{kind.LabelPattern()})$",
                    labels, (member, label) => (Crs2Keys.ModelCost(kind, member, label), false), cancellationToken),
                UsageGroupBy.Account => ScanAsync(
                    $"account_usage:{kind.Name()}:*",
                    $"^account_usage:{kind.Name()}:(?<member>[^:]+):(?<label>{kind.LabelPattern()})$",
                    labels, (member, label) => (Crs2Keys.AccountCost(kind, member, label), false), cancellationToken),
                _ => ScanAsync(
                    $"usage:{kind.Name()}:*",
                    $"^usage:{kind.Name()}:(?<member>[^:]+):(?<label>{kind.LabelPattern()})$",
                    labels, (member, label) => (LegacyKeys.Cost(kind, member, label), true), cancellationToken, grouped: groupBy == UsageGroupBy.ApiKey),
            };
    }

    private static Task<IReadOnlyList<UsageCell>> Known(IReadOnlyList<string> labels, Func<string, UsageCell> cell) =>
        Task.FromResult<IReadOnlyList<UsageCell>>([.. labels.Select(cell)]);

    // The members of a grouping: every key matching the pattern whose label lies in the
    // range, its member parsed from the name with the label anchored at the end.
    private async Task<IReadOnlyList<UsageCell>> ScanAsync(
        string pattern,
        string parser,
        IReadOnlyList<string> labels,
        Func<string, string, (string CostKey, bool KeyLevel)> costOf,
        CancellationToken cancellationToken,
        bool grouped = true)
    {
        var regex = new Regex(parser, RegexOptions.CultureInvariant);
        var (first, last) = (labels[0], labels[^1]);
        var cells = new Dictionary<string, UsageCell>(StringComparer.Ordinal);
        await foreach (var key in redis.ScanAsync(pattern, ScanPageSize, cancellationToken: cancellationToken))
        {
            var match = regex.Match(key);
            if (!match.Success)
            {
                continue;
            }

            var (member, label) = (match.Groups["member"].Value, match.Groups["label"].Value);
            if (string.CompareOrdinal(label, first) >= 0 && string.CompareOrdinal(label, last) <= 0)
            {
                var (costKey, keyLevel) = costOf(member, label);
                cells[key] = new UsageCell(label, grouped ? member : null, key, costKey, keyLevel);
            }
        }

        return [.. cells.Values];
    }
}
