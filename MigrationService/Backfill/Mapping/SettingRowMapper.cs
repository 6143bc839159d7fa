using System.Text.Json;
using DataAccess.LegacyRedis.Layout;
using MigrationService.Backfill.Keys;
using MigrationService.Backfill.Reading;
using MigrationService.Backfill.Reporting;
using MigrationService.Backfill.Rows;

namespace MigrationService.Backfill.Mapping;

// System-wide legacy settings into the settings table: the scheduling defaults
// (system:scheduling_config), the OEM branding (oem:settings) and the cached admin
// credentials (session:admin_credentials; its source of truth is the legacy relay's
// data/init.json, which an operator may want to carry over).
internal static class SettingRowMapper
{
    public const string Scheduling = "scheduling";
    public const string Oem = "oem";
    public const string AdminCredentials = "admin_credentials";

    public static SettingRow Map(LegacyValue value, PageTally tally)
    {
        var key = value.Key;
        switch (key.Family)
        {
            case LegacyFamily.SchedulingConfig:
                return new SettingRow(Scheduling, RawJson.Of(value.Hash!), null, key.Name);
            case LegacyFamily.AdminCredentials:
                var fields = value.HashAsStrings();
                return new SettingRow(AdminCredentials, RawJson.Of(fields), JsValues.ParseIso(fields.GetValueOrDefault("updatedAt")), key.Name);
            default:
                var text = value.Text!;
                if (FieldChecks.IsJson(text))
                {
                    return new SettingRow(Oem, text, UpdatedAt(text), key.Name);
                }

                tally.Problem(ProblemKind.BrokenJson, key.Name, "the OEM settings do not parse; kept as a JSON string");
                return new SettingRow(Oem, RawJson.OfString(text), null, key.Name);
        }
    }

    private static DateTimeOffset? UpdatedAt(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.ValueKind == JsonValueKind.Object
            && document.RootElement.TryGetProperty("updatedAt", out var updatedAt) && updatedAt.ValueKind == JsonValueKind.String
                ? JsValues.ParseIso(updatedAt.GetString())
                : null;
    }
}
