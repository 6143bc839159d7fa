using System.Text.Json;
using DataAccess.LegacyRedis.Layout;
using MigrationService.Backfill.Reading;
using MigrationService.Backfill.Reporting;
using MigrationService.Backfill.Rows;

namespace MigrationService.Backfill.Mapping;

// user:{id} documents (layout §5.10): the columns users are looked up by, and the whole
// document as data. A user is active only when isActive is true, the one value with which the
// relay lets the user's keys through.
internal static class UserRowMapper
{
    public static UserRow? Map(LegacyValue value, PageRows page)
    {
        var key = value.Key;
        var text = value.Text!;
        JsonElement root;
        try
        {
            using var document = JsonDocument.Parse(text);
            root = document.RootElement.Clone();
        }
        catch (JsonException)
        {
            root = default;
        }

        if (root.ValueKind != JsonValueKind.Object)
        {
            page.Tally.Problem(ProblemKind.BrokenJson, key.Name, "the user document is not a JSON object; kept in legacy_quarantine");
            page.Quarantine.Add(new QuarantineRow(key.Name, "string", "the user document is not a JSON object", text, key.Name));
            return null;
        }

        return new UserRow(
            key.Id,
            String(root, "username") ?? "",
            String(root, "email"),
            String(root, "displayName"),
            String(root, "role") ?? "user",
            root.TryGetProperty("isActive", out var active) && active.ValueKind == JsonValueKind.True,
            JsValues.ParseIso(String(root, "createdAt")),
            JsValues.ParseIso(String(root, "updatedAt")),
            JsValues.ParseIso(String(root, "lastLoginAt")),
            text,
            key.Name);
    }

    private static string? String(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
