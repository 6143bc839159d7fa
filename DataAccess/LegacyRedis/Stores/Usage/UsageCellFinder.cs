using System.Text.RegularExpressions;
using DataAccess.LegacyRedis.Layout;
using DataAccess.Redis;
using DataAccess.Usage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using StackExchange.Redis;

namespace DataAccess.LegacyRedis.Stores.Usage;

// Finds where the buckets of a usage query live. A series named by the query (one key, one
// account, one model) has a known key per bucket; the members of a grouping (every model
// of a key, every key, ...) are found with SCAN and their buckets filtered by label.
internal sealed class UsageCellFinder([FromKeyedServices(DataAccessHostingExtensions.LegacyRedisConnectionName)] IConnectionMultiplexer redis)
{
    private const int ScanPageSize = 1000;
    private const string UuidPattern = "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}";

    private readonly IDatabase _redis = redis.GetDatabase();

    public Task<IReadOnlyList<UsageCell>> FindAsync(UsageScope scope, BucketKind kind, IReadOnlyList<string> labels, CancellationToken cancellationToken) =>
        scope.KeyId is { } key ? ForKey(key, scope, kind, labels, cancellationToken)
        : scope.AccountId is { } account ? ForAccount(account, scope, kind, labels, cancellationToken)
        : ForEveryKey(scope, kind, labels, cancellationToken);

    // One key: its buckets, or its model buckets (one model, or every model it used).
    private Task<IReadOnlyList<UsageCell>> ForKey(string key, UsageScope scope, BucketKind kind, IReadOnlyList<string> labels, CancellationToken cancellationToken)
    {
        var group = scope.GroupBy == UsageGroupBy.ApiKey ? key : null;
        if (scope.Model is { } model)
        {
            return Known(labels, label => new UsageCell(
                label, scope.GroupBy == UsageGroupBy.Model ? model : group,
                LegacyKeys.KeyModelUsage(kind, key, model, label), Crs2Keys.KeyModelCost(kind, key, model, label), KeyLevel: false));
        }

        return scope.GroupBy == UsageGroupBy.Model
            ? ScanAsync(
                $"usage:{RedisGlob.Escape(key)}:model:{kind.Name()}:*",
                $"^usage:{Regex.Escape(key)}:model:{kind.Name()}:(?<member>.+):(?<label>{kind.LabelPattern()})$",
                labels, (member, label) => (Crs2Keys.KeyModelCost(kind, key, member, label), false), cancellationToken)
            : Known(labels, label => new UsageCell(label, group, LegacyKeys.KeyUsage(kind, key, label), LegacyKeys.Cost(kind, key, label), KeyLevel: true));
    }

    // One account: its buckets, or its model buckets.
    private Task<IReadOnlyList<UsageCell>> ForAccount(string account, UsageScope scope, BucketKind kind, IReadOnlyList<string> labels, CancellationToken cancellationToken)
    {
        var group = scope.GroupBy == UsageGroupBy.Account ? account : null;
        if (scope.Model is { } model)
        {
            return Known(labels, label => new UsageCell(
                label, scope.GroupBy == UsageGroupBy.Model ? model : group,
                LegacyKeys.AccountModelUsage(kind, account, model, label), Crs2Keys.AccountModelCost(kind, account, model, label), KeyLevel: false));
        }

        return scope.GroupBy == UsageGroupBy.Model
            ? ScanAsync(
                $"account_usage:model:{kind.Name()}:{RedisGlob.Escape(account)}:*",
                $"^account_usage:model:{kind.Name()}:{Regex.Escape(account)}:(?<member>.+):(?<label>{kind.LabelPattern()})$",
                labels, (member, label) => (Crs2Keys.AccountModelCost(kind, account, member, label), false), cancellationToken)
            : Known(labels, label => new UsageCell(label, group, LegacyKeys.AccountUsage(kind, account, label), Crs2Keys.AccountCost(kind, account, label), KeyLevel: false));
    }

    // Everything: per-key buckets of every key (all usage), or the grouping's own family.
    private Task<IReadOnlyList<UsageCell>> ForEveryKey(UsageScope scope, BucketKind kind, IReadOnlyList<string> labels, CancellationToken cancellationToken)
    {
        var name = kind.Name();
        var label = kind.LabelPattern();
        if (scope.Model is { } model)
        {
            var escaped = RedisGlob.Escape(model);
            var literal = Regex.Escape(model);
            return scope.GroupBy switch
            {
                UsageGroupBy.ApiKey => ScanAsync(
                    $"usage:*:model:{name}:{escaped}:*", $"^usage:(?<member>[^:]+):model:{name}:{literal}:(?<label>{label})$",
                    labels, (member, bucket) => (Crs2Keys.KeyModelCost(kind, member, model, bucket), false), cancellationToken),
                UsageGroupBy.Account => ScanAsync(
                    $"account_usage:model:{name}:*:{escaped}:*", $"^account_usage:model:{name}:(?<member>[^:]+):{literal}:(?<label>{label})$",
                    labels, (member, bucket) => (Crs2Keys.AccountModelCost(kind, member, model, bucket), false), cancellationToken),
                _ => Known(labels, bucket => new UsageCell(
                    bucket, scope.GroupBy == UsageGroupBy.Model ? model : null, LegacyKeys.ModelUsage(kind, model, bucket), Crs2Keys.ModelCost(kind, model, bucket), KeyLevel: false)),
            };
        }

        return scope.GroupBy switch
        {
            UsageGroupBy.Model => ScanAsync(
                $"usage:model:{name}:*", $"^usage:model:{name}:(?<member>.+):(?<label>{label})$",
                labels, (member, bucket) => (Crs2Keys.ModelCost(kind, member, bucket), false), cancellationToken),
            UsageGroupBy.Account => ScanAsync(
                $"account_usage:{name}:*", $"^account_usage:{name}:(?<member>[^:]+):(?<label>{label})$",
                labels, (member, bucket) => (Crs2Keys.AccountCost(kind, member, bucket), false), cancellationToken),
            // API keys are UUIDs: a bucket under another id is no key's (the migration reports it).
            _ => ScanAsync(
                $"usage:{name}:*", $"^usage:{name}:(?<member>{UuidPattern}):(?<label>{label})$",
                labels, (member, bucket) => (LegacyKeys.Cost(kind, member, bucket), true), cancellationToken, grouped: scope.GroupBy == UsageGroupBy.ApiKey),
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
        await foreach (var key in _redis.KeysAsync(pattern, ScanPageSize, cancellationToken: cancellationToken))
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
