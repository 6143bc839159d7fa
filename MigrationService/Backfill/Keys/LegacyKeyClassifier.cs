using DataAccess.Time;

namespace MigrationService.Backfill.Keys;

// Reads a key name by the grammar of layout §12, most specific shape first. Bucket suffixes
// are anchored at the end, because model names may contain colons; everything between the
// fixed prefix and the suffix is the model.
internal sealed class LegacyKeyClassifier(TimeBuckets buckets)
{
    private const int UuidLength = 36;

    private static readonly (string Prefix, LegacyFamily Family)[] s_accountPrefixes =
    [
        ("claude:account:", LegacyFamily.ClaudeAccount),
        ("openai:account:", LegacyFamily.OpenAiAccount),
        ("claude_console_account:", LegacyFamily.ClaudeConsoleAccount),
        ("gemini_account:", LegacyFamily.GeminiAccount),
        ("bedrock_account:", LegacyFamily.BedrockAccount),
    ];

    private static readonly string[] s_stickyPrefixes =
    [
        "unified_claude_session_mapping:", "unified_openai_session_mapping:", "unified_gemini_session_mapping:",
        "sticky_session:", "openai_session_account_mapping:", "gemini_session_account_mapping:",
    ];

    private static readonly HashSet<string> s_sharedSets = new(StringComparer.Ordinal)
    {
        "shared_openai_accounts", "shared_claude_console_accounts", "shared_gemini_accounts",
    };

    // Checked in this order, so "system:metrics:minute:" wins over a later "system:" and
    // "session:admin_credentials" over "session:".
    private static readonly (string Prefix, LegacyFamily Family)[] s_simplePrefixes =
    [
        ("system:metrics:minute:", LegacyFamily.MinuteMetrics),
        ("concurrency:", LegacyFamily.Concurrency),
        ("rate_limit:", LegacyFamily.RateLimitWindow),
        ("global_rate_limit:", LegacyFamily.GlobalRateLimit),
        ("claude_account:", LegacyFamily.AccountErrorCounter),
        ("token_refresh_lock:", LegacyFamily.TokenRefreshLock),
        ("claude_code_headers:", LegacyFamily.ClaudeCodeHeaders),
        ("ratelimit:", LegacyFamily.DeadRateLimit),
        ("oauth_session:", LegacyFamily.DeadOAuthSession),
        ("crs2:", LegacyFamily.OwnKeys),
        ("apikey_hash:", LegacyFamily.ApiKeyHashAlias),
        ("username:", LegacyFamily.Username),
        ("user:", LegacyFamily.User),
        ("user_session:", LegacyFamily.UserSession),
        ("oauth:", LegacyFamily.OAuthSession),
    ];

    public LegacyKey Classify(string name)
    {
        if (name.StartsWith("usage:", StringComparison.Ordinal))
        {
            return ClassifyKeyUsage(name, name.AsSpan("usage:".Length));
        }

        if (name.StartsWith("account_usage:", StringComparison.Ordinal))
        {
            return ClassifyAccountUsage(name, name.AsSpan("account_usage:".Length));
        }

        if (name.StartsWith(AccountCostPrefix, StringComparison.Ordinal))
        {
            return ClassifyAccountCost(name, name.AsSpan(AccountCostPrefix.Length));
        }

        if (name.StartsWith(KeyModelCostPrefix, StringComparison.Ordinal))
        {
            return ClassifyModelCost(name, LegacyFamily.KeyModelCostBucket, name.AsSpan(KeyModelCostPrefix.Length));
        }

        if (name.StartsWith(AccountModelCostPrefix, StringComparison.Ordinal))
        {
            return ClassifyModelCost(name, LegacyFamily.AccountModelCostBucket, name.AsSpan(AccountModelCostPrefix.Length));
        }

        return ClassifyEntity(name);
    }

    // This service's own cost per account and per model of a key or an account (Crs2Keys),
    // which the layout has no place for: read like a key's cost keys. Our other keys, the cost
    // per model across all keys among them (a sum of these), stay skipped.
    private const string AccountCostPrefix = "crs2:cost:account:";
    private const string KeyModelCostPrefix = "crs2:cost:key-model:";
    private const string AccountModelCostPrefix = "crs2:cost:account-model:";

    private LegacyKey ClassifyAccountCost(string name, ReadOnlySpan<char> rest) =>
        rest.StartsWith("total:") ? Owned(name, LegacyFamily.AccountCostTotal, rest["total:".Length..])
        : TryGranularity(rest, out var granularity, out var idAndBucket) ? OwnedBucket(name, LegacyFamily.AccountCostBucket, idAndBucket, granularity)
        : new LegacyKey(name, LegacyFamily.OwnKeys);

    // "{granularity}:{id}:{model}:{bucket}".
    private LegacyKey ClassifyModelCost(string name, LegacyFamily family, ReadOnlySpan<char> rest) =>
        TryGranularity(rest, out var granularity, out var idModelAndBucket) && idModelAndBucket.Length > UuidLength && idModelAndBucket[UuidLength] == ':'
            ? OwnedModelBucket(name, family, idModelAndBucket[..UuidLength], idModelAndBucket[(UuidLength + 1)..], granularity)
            : new LegacyKey(name, LegacyFamily.OwnKeys);

    private LegacyKey ClassifyKeyUsage(string name, ReadOnlySpan<char> rest)
    {
        if (rest.StartsWith("cost:"))
        {
            var cost = rest["cost:".Length..];
            return cost.StartsWith("total:")
                ? Owned(name, LegacyFamily.KeyCostTotal, cost["total:".Length..])
                : TryGranularity(cost, out var granularity, out var afterGranularity)
                    ? OwnedBucket(name, LegacyFamily.KeyCostBucket, afterGranularity, granularity)
                    : Unknown(name);
        }

        if (rest.StartsWith("model:"))
        {
            return TryGranularity(rest["model:".Length..], out var granularity, out var modelAndBucket)
                && TrySplitBucket(modelAndBucket, granularity, out _, out _)
                    ? new LegacyKey(name, LegacyFamily.GlobalModelUsage)
                    : Unknown(name);
        }

        if (TryGranularity(rest, out var keyGranularity, out var idAndBucket))
        {
            return OwnedBucket(name, LegacyFamily.KeyUsageBucket, idAndBucket, keyGranularity);
        }

        if (rest.Length > UuidLength && rest[UuidLength..].StartsWith(":model:"))
        {
            var afterModel = rest[(UuidLength + ":model:".Length)..];
            return TryGranularity(afterModel, out var modelGranularity, out var modelAndBucket)
                ? OwnedModelBucket(name, LegacyFamily.KeyModelUsageBucket, rest[..UuidLength], modelAndBucket, modelGranularity)
                : Unknown(name);
        }

        return rest.Contains(':') ? Unknown(name) : Owned(name, LegacyFamily.KeyUsageTotals, rest);
    }

    private LegacyKey ClassifyAccountUsage(string name, ReadOnlySpan<char> rest)
    {
        if (rest.StartsWith("model:"))
        {
            if (!TryGranularity(rest["model:".Length..], out var granularity, out var idModelAndBucket)
                || idModelAndBucket.Length <= UuidLength || idModelAndBucket[UuidLength] != ':')
            {
                return Unknown(name);
            }

            return OwnedModelBucket(
                name, LegacyFamily.AccountModelUsageBucket, idModelAndBucket[..UuidLength], idModelAndBucket[(UuidLength + 1)..], granularity);
        }

        if (TryGranularity(rest, out var accountGranularity, out var idAndBucket))
        {
            return OwnedBucket(name, LegacyFamily.AccountUsageBucket, idAndBucket, accountGranularity);
        }

        return rest.Contains(':') ? Unknown(name) : Owned(name, LegacyFamily.AccountUsageTotals, rest);
    }

    private static LegacyKey ClassifyEntity(string name)
    {
        if (name.StartsWith("apikey:", StringComparison.Ordinal))
        {
            var rest = name.AsSpan("apikey:".Length);
            return name == "apikey:hash_map" ? new LegacyKey(name, LegacyFamily.ApiKeyHashMap)
                : rest.Contains(':') ? Unknown(name)
                : Owned(name, LegacyFamily.ApiKey, rest);
        }

        foreach (var (prefix, family) in s_accountPrefixes)
        {
            if (name.StartsWith(prefix, StringComparison.Ordinal))
            {
                return Owned(name, family, name.AsSpan(prefix.Length));
            }
        }

        if (name.StartsWith("account_group_members:", StringComparison.Ordinal))
        {
            return Owned(name, LegacyFamily.AccountGroupMembers, name.AsSpan("account_group_members:".Length));
        }

        if (name.StartsWith("account_group:", StringComparison.Ordinal))
        {
            return Owned(name, LegacyFamily.AccountGroup, name.AsSpan("account_group:".Length));
        }

        foreach (var prefix in s_stickyPrefixes)
        {
            if (name.StartsWith(prefix, StringComparison.Ordinal))
            {
                return Named(name, LegacyFamily.StickySession, name[prefix.Length..]) with { Scope = prefix[..^1] };
            }
        }

        if (name.StartsWith("session:", StringComparison.Ordinal))
        {
            return name == "session:admin_credentials"
                ? new LegacyKey(name, LegacyFamily.AdminCredentials)
                : Named(name, LegacyFamily.AdminSession, name["session:".Length..]);
        }

        foreach (var (prefix, family) in s_simplePrefixes)
        {
            if (name.StartsWith(prefix, StringComparison.Ordinal))
            {
                return Named(name, family, name[prefix.Length..]);
            }
        }

        return name switch
        {
            "account_groups" => new LegacyKey(name, LegacyFamily.AccountGroupIndex),
            "system:scheduling_config" => new LegacyKey(name, LegacyFamily.SchedulingConfig),
            "oem:settings" => new LegacyKey(name, LegacyFamily.OemSettings),
            _ when s_sharedSets.Contains(name) => new LegacyKey(name, LegacyFamily.SharedAccountSet) { Scope = name },
            _ => Unknown(name),
        };
    }

    private LegacyKey OwnedBucket(string name, LegacyFamily family, ReadOnlySpan<char> idAndBucket, BucketGranularity granularity)
    {
        if (!TrySplitBucket(idAndBucket, granularity, out var id, out var bucketText))
        {
            return Unknown(name);
        }

        return LegacyBucket.TryParse(bucketText, granularity, buckets, out var bucket)
            ? Owned(name, family, id, bucket)
            : Malformed(name, $"'{bucketText}' is not a valid {granularity.SqlName()} bucket");
    }

    private LegacyKey OwnedModelBucket(string name, LegacyFamily family, ReadOnlySpan<char> id, ReadOnlySpan<char> modelAndBucket, BucketGranularity granularity)
    {
        if (!TrySplitBucket(modelAndBucket, granularity, out var model, out var bucketText))
        {
            return Unknown(name);
        }

        return LegacyBucket.TryParse(bucketText, granularity, buckets, out var bucket)
            ? Owned(name, family, id, bucket, model.ToString())
            : Malformed(name, $"'{bucketText}' is not a valid {granularity.SqlName()} bucket");
    }

    // "daily:" | "monthly:" | "hourly:" at the start.
    private static bool TryGranularity(ReadOnlySpan<char> text, out BucketGranularity granularity, out ReadOnlySpan<char> rest)
    {
        foreach (var candidate in BucketGranularities.All)
        {
            var segment = candidate.KeySegment();
            if (text.StartsWith(segment) && text.Length > segment.Length && text[segment.Length] == ':')
            {
                granularity = candidate;
                rest = text[(segment.Length + 1)..];
                return true;
            }
        }

        granularity = default;
        rest = default;
        return false;
    }

    // "{head}:{bucket}" with the bucket of the granularity's length at the very end.
    private static bool TrySplitBucket(ReadOnlySpan<char> text, BucketGranularity granularity, out ReadOnlySpan<char> head, out ReadOnlySpan<char> bucket)
    {
        var length = granularity.BucketLength();
        if (text.Length <= length || text[^(length + 1)] != ':')
        {
            head = default;
            bucket = default;
            return false;
        }

        head = text[..^(length + 1)];
        bucket = text[^length..];
        return true;
    }

    // Ids are lowercase UUIDs (layout §0); another spelling of the same UUID would be a second
    // legacy key for one PostgreSQL row.
    private static LegacyKey Owned(string name, LegacyFamily family, ReadOnlySpan<char> id, LegacyBucket? bucket = null, string model = "") =>
        id.Length == UuidLength && Guid.TryParseExact(id, "D", out var owner) && !id.ContainsAnyInRange('A', 'Z')
            ? new LegacyKey(name, family) { OwnerId = owner, Bucket = bucket, Model = model }
            : Malformed(name, $"'{id}' is not a lowercase UUID");

    private static LegacyKey Named(string name, LegacyFamily family, string id) =>
        id.Length > 0 ? new LegacyKey(name, family) { Id = id } : Malformed(name, "the name has nothing after its prefix");

    private static LegacyKey Malformed(string name, string reason) => new(name, LegacyFamily.Malformed) { Reason = reason };

    private static LegacyKey Unknown(string name) => new(name, LegacyFamily.Unknown);
}
