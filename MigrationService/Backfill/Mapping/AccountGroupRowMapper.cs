using DataAccess.LegacyRedis.Layout;
using MigrationService.Backfill.Reading;
using MigrationService.Backfill.Reporting;
using MigrationService.Backfill.Rows;

namespace MigrationService.Backfill.Mapping;

// account_group:{id} hashes and account_group_members:{id} sets (layout §5.9).
internal static class AccountGroupRowMapper
{
    public static AccountGroupRow MapGroup(LegacyValue value, PageTally tally)
    {
        var key = value.Key;
        var fields = value.HashAsStrings();
        FieldChecks.Timestamp(fields, "createdAt", key.Name, tally);
        FieldChecks.Timestamp(fields, "updatedAt", key.Name, tally);
        var row = new AccountGroupRow(
            key.OwnerId,
            fields.GetValueOrDefault("name") ?? "",
            fields.GetValueOrDefault("platform") ?? "",
            fields.GetValueOrDefault("description") ?? "",
            JsValues.ParseIso(fields.GetValueOrDefault("createdAt")),
            JsValues.ParseIso(fields.GetValueOrDefault("updatedAt")),
            "{}",
            key.Name);
        var extra = new ExtraFields(fields, new HashSet<string>())
            .Mapped("id", () => row.Id.ToString())
            .Mapped("name", () => row.Name)
            .Mapped("platform", () => row.Platform)
            .Mapped("description", () => row.Description)
            .Mapped("createdAt", () => JsValues.Iso(row.CreatedAt))
            .Mapped("updatedAt", () => JsValues.Iso(row.UpdatedAt));
        return row with { Extra = extra.ToJson() };
    }

    // Members that are not account ids cannot be stored; they are reported.
    public static GroupMembersRow MapMembers(LegacyValue value, PageTally tally)
    {
        var key = value.Key;
        var members = new List<Guid>();
        foreach (var member in value.Members!)
        {
            if (Guid.TryParseExact(member, "D", out var accountId))
            {
                members.Add(accountId);
            }
            else
            {
                tally.Problem(ProblemKind.DanglingGroupReference, key.Name, $"member '{member}' is not an account id");
            }
        }

        return new GroupMembersRow(key.OwnerId, [.. members.Distinct().Order()], key.Name);
    }
}
