using MigrationService.Backfill.Keys;
using MigrationService.Backfill.Reading;
using MigrationService.Backfill.Reporting;
using MigrationService.Backfill.Rows;
using StackExchange.Redis;

namespace MigrationService.Backfill.Mapping;

// Turns what a page of keys held into rows, family by family, and tallies the page: keys seen,
// records migrated, keys vanished, problems.
internal sealed class PageTransformer(UsageRowMapper usage, AccountRowMapper accounts)
{
    public void Transform(IEnumerable<LegacyValue> values, DateTimeOffset now, PageRows page)
    {
        foreach (var value in values)
        {
            var key = value.Key;
            var expected = FamilyCatalog.ExpectedType(key.Family);
            if (value.ActualType is { } actual && actual != RedisType.None && actual != expected)
            {
                page.Tally.Problem(ProblemKind.WrongType, key.Name, $"a {actual} where {key.Family} keys are a {expected}; kept in legacy_quarantine");
                page.Quarantine.Add(new QuarantineRow(key.Name, actual.ToString().ToLowerInvariant(), $"{key.Family} keys are a {expected}", null, key.Name));
                continue;
            }

            if (value.Vanished || value.ActualType is not null)
            {
                page.Tally.Vanished(key.Family);
                continue;
            }

            if (Map(value, now, page))
            {
                page.Tally.Migrated(key.Family);
            }
        }
    }

    // Whether the key became a record.
    private bool Map(LegacyValue value, DateTimeOffset now, PageRows page)
    {
        var key = value.Key;
        switch (key.Family)
        {
            case var family when FamilyCatalog.IsUsage(family):
                usage.Map(value, page);
                return true;
            case LegacyFamily.ApiKey:
                page.ApiKeys.Add(ApiKeyRowMapper.Map(value, page.Tally));
                return true;
            case LegacyFamily.ApiKeyHashAlias:
                return AddAlias(value, page);
            case LegacyFamily.ClaudeAccount or LegacyFamily.OpenAiAccount or LegacyFamily.ClaudeConsoleAccount
                or LegacyFamily.GeminiAccount or LegacyFamily.BedrockAccount:
                return Add(page.Accounts, accounts.Map(value, page));
            case LegacyFamily.AccountGroup:
                page.Groups.Add(AccountGroupRowMapper.MapGroup(value, page.Tally));
                return true;
            case LegacyFamily.AccountGroupMembers:
                page.GroupMembers.Add(AccountGroupRowMapper.MapMembers(value, page.Tally));
                return true;
            case LegacyFamily.User:
                return Add(page.Users, UserRowMapper.Map(value, page));
            case LegacyFamily.AdminSession:
                page.Sessions.Add(ExpiringRowMapper.MapAdminSession(value, now, page.Tally));
                return true;
            case LegacyFamily.UserSession:
                return Add(page.Sessions, ExpiringRowMapper.MapUserSession(value, now, page));
            case LegacyFamily.OAuthSession:
                page.OAuthSessions.Add(ExpiringRowMapper.MapOAuthSession(value, now));
                return true;
            case LegacyFamily.StickySession:
                return Add(page.StickySessions, ExpiringRowMapper.MapSticky(value, now, page));
            case LegacyFamily.SchedulingConfig or LegacyFamily.OemSettings or LegacyFamily.AdminCredentials:
                page.Settings.Add(SettingRowMapper.Map(value, page.Tally));
                return true;
            case LegacyFamily.Username:
                if (!value.TargetUserExists)
                {
                    page.Tally.Problem(ProblemKind.DanglingUsername, key.Name, $"points at user '{value.Text}', which does not exist");
                }

                return false;
            default:
                return false;
        }
    }

    // apikey_hash:{hash} (dead at the reference commit, a fallback lookup later) names the key
    // its hash belongs to, like an apikey:hash_map entry.
    private static bool AddAlias(LegacyValue value, PageRows page)
    {
        var key = value.Key;
        if (value.Hash!.GetValueOrDefault("id") is { IsNullOrEmpty: false } id)
        {
            page.HashMapEntries.Add(new HashMapEntryRow(key.Id, (string)id!, key.Name));
            return true;
        }

        page.Tally.Problem(ProblemKind.MissingField, key.Name, "the alias has no id field");
        return false;
    }

    private static bool Add<T>(List<T> rows, T? row)
        where T : class
    {
        if (row is null)
        {
            return false;
        }

        rows.Add(row);
        return true;
    }
}
