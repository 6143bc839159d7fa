using System.Text.Json;
using DataAccess.Accounts;
using DataAccess.LegacyRedis.Layout;
using MigrationService.Backfill.Keys;
using MigrationService.Backfill.Reading;
using MigrationService.Backfill.Reporting;
using MigrationService.Backfill.Rows;

namespace MigrationService.Backfill.Mapping;

// Legacy accounts of every family into accounts rows: state into columns, secrets decrypted
// into one AccountSecrets document (re-encrypted when written), and every non-secret field the
// columns do not reproduce into extra. Rate-limit state follows the legacy rule (§5.6): limited
// when marked limited, with a start, until its end (or the family's fixed duration); the stored
// fields, often stale, are kept in extra.
internal sealed class AccountRowMapper(AccountSecretReader secrets)
{
    private const int DefaultRateLimitMinutes = 60;

    private static readonly JsonSerializerOptions s_json = new(JsonSerializerDefaults.Web);
    private static readonly string[] s_timestampFields =
        ["lastUsedAt", "createdAt", "updatedAt", "sessionWindowStart", "sessionWindowEnd", "rateLimitedAt", "rateLimitEndAt"];

    public AccountRow? Map(LegacyValue value, PageRows page)
    {
        var key = value.Key;
        var spec = AccountFamilySpec.For(key.Family);
        var fields = key.Family == LegacyFamily.BedrockAccount ? BedrockDocument.TryRead(value.Text!) : value.HashAsStrings();
        if (fields is null)
        {
            page.Tally.Problem(ProblemKind.BrokenJson, key.Name, "the account document does not parse; kept in legacy_quarantine");
            page.Quarantine.Add(new QuarantineRow(key.Name, "string", "the account document does not parse", value.Text, key.Name));
            return null;
        }

        Check(spec, fields, key.Name, page.Tally);
        var proxyText = Get(fields, "proxy");
        var proxy = proxyText is "" or "null" ? null : ProxyField.Parse(proxyText);
        var secretDocument = Secrets(spec, fields, proxyText, proxy, key.Name, page.Tally);
        var subscriptionInfo = Get(fields, "subscriptionInfo") is { Length: > 0 } info ? info : null;
        if (subscriptionInfo is not null && !FieldChecks.IsJson(subscriptionInfo))
        {
            page.Tally.Problem(ProblemKind.BrokenJson, key.Name, $"subscriptionInfo = '{subscriptionInfo}'");
            subscriptionInfo = null;
        }

        var (rateLimitedAt, rateLimitResetAt) = RateLimit(spec, fields);
        var createdAt = JsValues.ParseIso(Get(fields, "createdAt"));
        if (createdAt is null)
        {
            page.Tally.Problem(ProblemKind.MissingField, key.Name, "createdAt is missing or unreadable: migrated as 1970-01-01");
        }

        var row = new AccountRow
        {
            Id = key.OwnerId,
            Platform = spec.Platform,
            Name = Get(fields, "name"),
            Description = Get(fields, "description"),
            Status = Get(fields, "status") is { Length: > 0 } status ? status : AccountStatus.Active,
            AccountType = Get(fields, "accountType") is { Length: > 0 } type ? type : "shared",
            Priority = Get(fields, "priority").Length > 0 ? (int)Math.Clamp(JsValues.ParseInt(Get(fields, "priority")), 1, 100) : 50,
            Schedulable = JsValues.IsNotFalse(fields.GetValueOrDefault("schedulable")),
            IsActive = JsValues.IsTrue(Get(fields, "isActive")),
            Proxy = proxy is null ? null : ProxyField.Summary(proxy),
            Secrets = secretDocument,
            Scopes = Get(fields, "scopes").Split(' ', StringSplitOptions.RemoveEmptyEntries),
            TokenExpiresAt = spec.Expiry switch
            {
                ExpiryFormat.EpochMilliseconds => JsValues.ParseEpochMilliseconds(Get(fields, "expiresAt")),
                ExpiryFormat.Iso => JsValues.ParseIso(Get(fields, "expiresAt")),
                _ => null,
            },
            LastUsedAt = JsValues.ParseIso(Get(fields, "lastUsedAt")),
            LastRefreshAt = JsValues.ParseIso(Get(fields, spec.LastRefreshField)),
            RateLimitedAt = rateLimitedAt,
            RateLimitResetAt = rateLimitResetAt,
            ErrorMessage = Get(fields, "errorMessage") is { Length: > 0 } message ? message : null,
            SubscriptionInfo = subscriptionInfo,
            SessionWindowStart = JsValues.ParseIso(Get(fields, "sessionWindowStart")),
            SessionWindowEnd = JsValues.ParseIso(Get(fields, "sessionWindowEnd")),
            CreatedAt = createdAt ?? DateTimeOffset.UnixEpoch,
            UpdatedAt = JsValues.ParseIso(Get(fields, "updatedAt")),
            Extra = "{}",
            Source = key.Name,
        };
        return row with { Extra = Extra(spec, fields, row) };
    }

    private string Secrets(AccountFamilySpec spec, Dictionary<string, string> fields, string proxyText, ProxyConfig? proxy, string key, PageTally tally)
    {
        var slots = new Dictionary<SecretSlot, string>();
        var other = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (field, slot) in spec.Secrets)
        {
            if (Get(fields, field) is not { Length: > 0 } stored)
            {
                continue;
            }

            var plaintext = spec.SecretFamily is { } family ? secrets.Read(family, field, stored, key, tally) : ReadBedrock(stored, key, tally);
            if (slot == SecretSlot.Other)
            {
                other[field] = plaintext;
            }
            else
            {
                slots[slot] = plaintext;
            }
        }

        if (proxyText is not ("" or "null") && (proxy is null || !ProxyField.Reproduces(proxy, proxyText)))
        {
            if (proxy is null)
            {
                tally.Problem(ProblemKind.BrokenJson, key, "proxy is not a proxy object with a host; kept with the secrets");
            }

            other["proxy"] = proxyText;
        }

        return JsonSerializer.Serialize(
            new AccountSecrets
            {
                AccessToken = slots.GetValueOrDefault(SecretSlot.AccessToken),
                RefreshToken = slots.GetValueOrDefault(SecretSlot.RefreshToken),
                IdToken = slots.GetValueOrDefault(SecretSlot.IdToken),
                ProxyPassword = proxy?.Password,
                Other = new Dictionary<string, string>(other, StringComparer.Ordinal),
            },
            s_json);
    }

    private string ReadBedrock(string stored, string key, PageTally tally)
    {
        using var document = JsonDocument.Parse(stored);
        return secrets.ReadBedrock(document.RootElement, key, tally);
    }

    private static (DateTimeOffset? LimitedAt, DateTimeOffset? ResetAt) RateLimit(AccountFamilySpec spec, Dictionary<string, string> fields)
    {
        var limitedAt = JsValues.ParseIso(Get(fields, "rateLimitedAt"));
        if (Get(fields, "rateLimitStatus") != "limited" || limitedAt is null)
        {
            return (null, null);
        }

        var minutes = spec.RateLimitDurationField && Get(fields, "rateLimitDuration").Length > 0
            ? JsValues.ParseInt(Get(fields, "rateLimitDuration"))
            : DefaultRateLimitMinutes;
        return minutes <= 0
            ? (null, null)
            : (limitedAt, JsValues.ParseIso(Get(fields, "rateLimitEndAt")) ?? limitedAt.Value.AddMinutes(minutes));
    }

    // Every non-secret field the columns give back, formatted as the legacy family writes it.
    private static string Extra(AccountFamilySpec spec, Dictionary<string, string> fields, AccountRow row)
    {
        var elsewhere = new HashSet<string>(spec.Secrets.Keys, StringComparer.Ordinal) { "proxy" };
        var extra = new ExtraFields(fields, elsewhere)
            .Mapped("id", () => row.Id.ToString())
            .Mapped("name", () => row.Name)
            .Mapped("description", () => row.Description)
            .Mapped("status", () => row.Status)
            .Mapped("accountType", () => row.AccountType)
            .Mapped("priority", () => JsValues.Number(row.Priority))
            .Mapped("schedulable", () => JsValues.Boolean(row.Schedulable))
            .Mapped("isActive", () => JsValues.Boolean(row.IsActive))
            .Mapped("scopes", () => string.Join(' ', row.Scopes))
            .Mapped("lastUsedAt", () => JsValues.Iso(row.LastUsedAt))
            .Mapped(spec.LastRefreshField, () => JsValues.Iso(row.LastRefreshAt))
            .Mapped("errorMessage", () => row.ErrorMessage ?? "")
            .Mapped("subscriptionInfo", () => row.SubscriptionInfo ?? "")
            .Mapped("sessionWindowStart", () => JsValues.Iso(row.SessionWindowStart))
            .Mapped("sessionWindowEnd", () => JsValues.Iso(row.SessionWindowEnd))
            .Mapped("createdAt", () => JsValues.Iso(row.CreatedAt))
            .Mapped("updatedAt", () => JsValues.Iso(row.UpdatedAt));
        if (spec.PlatformField is { } platformField)
        {
            extra.Mapped(platformField, () => spec.Platform);
        }

        switch (spec.Expiry)
        {
            case ExpiryFormat.EpochMilliseconds:
                extra.Mapped("expiresAt", () => row.TokenExpiresAt is { } expiry ? JsValues.Number(expiry.ToUnixTimeMilliseconds()) : "");
                break;
            case ExpiryFormat.Iso:
                extra.Mapped("expiresAt", () => JsValues.Iso(row.TokenExpiresAt));
                break;
        }

        return extra.ToJson();
    }

    private static void Check(AccountFamilySpec spec, Dictionary<string, string> fields, string key, PageTally tally)
    {
        FieldChecks.Integer(fields, "priority", key, tally);
        foreach (var field in s_timestampFields.Append(spec.LastRefreshField))
        {
            FieldChecks.Timestamp(fields, field, key, tally);
        }

        switch (spec.Expiry)
        {
            case ExpiryFormat.EpochMilliseconds:
                FieldChecks.EpochMilliseconds(fields, "expiresAt", key, tally);
                break;
            case ExpiryFormat.Iso:
                FieldChecks.Timestamp(fields, "expiresAt", key, tally);
                break;
        }
    }

    private static string Get(Dictionary<string, string> fields, string name) => fields.TryGetValue(name, out var value) ? value : "";
}
