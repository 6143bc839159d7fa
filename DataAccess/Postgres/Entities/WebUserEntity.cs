namespace DataAccess.Postgres.Entities;

// What key validation needs of a row of users: the web users of the legacy relay, migrated
// with their keys.
internal sealed class WebUserEntity
{
    public string Id { get; set; } = "";

    public bool IsActive { get; set; }
}
