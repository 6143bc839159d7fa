namespace DataAccess.Postgres.Entities;

// A row of retired_api_key_hashes.
internal sealed class RetiredApiKeyHashEntity
{
    public string KeyHash { get; set; } = "";

    public Guid ApiKeyId { get; set; }

    public DateTimeOffset RetiredAt { get; set; }

    public string Reason { get; set; } = "";
}
