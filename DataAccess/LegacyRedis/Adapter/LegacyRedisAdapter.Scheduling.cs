using DataAccess.LegacyRedis.Adapter.Models;
using DataAccess.LegacyRedis.Layout;
using StackExchange.Redis;

namespace DataAccess.LegacyRedis.Adapter;

// system:scheduling_config (layout §10.1): a hash no upstream pattern touches, no TTL.
internal sealed partial class LegacyRedisAdapter
{
    public async Task SetSystemSchedulingConfigAsync(SchedulingConfigUpdate update, CancellationToken cancellationToken = default)
    {
        if (update.DefaultStrategy is { } strategy && !SchedulingStrategies.All.Contains(strategy))
        {
            throw DatabaseError.Invalid("defaultStrategy", $"must be one of {string.Join(", ", SchedulingStrategies.All)}.");
        }

        var fields = new Dictionary<string, RedisValue>(StringComparer.Ordinal);
        if (update.DefaultStrategy is { } defaultStrategy)
        {
            fields["defaultStrategy"] = defaultStrategy;
        }

        if (update.EnableAccountOverride is { } accountOverride)
        {
            fields["enableAccountOverride"] = JsValues.Boolean(accountOverride);
        }

        if (update.EnableGroupOverride is { } groupOverride)
        {
            fields["enableGroupOverride"] = JsValues.Boolean(groupOverride);
        }

        if (fields.Count == 0)
        {
            throw DatabaseError.Invalid("config", "must set at least one field.");
        }

        await _redis.HashSetAsync(LegacyKeys.SchedulingConfig, [.. fields.Select(field => new HashEntry(field.Key, field.Value))]);
    }

    public async Task<SchedulingConfig> GetSystemSchedulingConfigAsync(CancellationToken cancellationToken = default)
    {
        var fields = await hashes.ReadAsync(LegacyKeys.SchedulingConfig, cancellationToken);
        var defaults = SchedulingConfig.Default;
        return new SchedulingConfig(
            fields.TryGetValue("defaultStrategy", out var strategy) && SchedulingStrategies.All.Contains(strategy) ? strategy : defaults.DefaultStrategy,
            fields.TryGetValue("enableAccountOverride", out var accountOverride) ? JsValues.IsTrue(accountOverride) : defaults.EnableAccountOverride,
            fields.TryGetValue("enableGroupOverride", out var groupOverride) ? JsValues.IsTrue(groupOverride) : defaults.EnableGroupOverride);
    }

    public async Task<long> DeleteSystemSchedulingConfigAsync(CancellationToken cancellationToken = default) =>
        await _redis.KeyDeleteAsync(LegacyKeys.SchedulingConfig) ? 1 : 0;
}
