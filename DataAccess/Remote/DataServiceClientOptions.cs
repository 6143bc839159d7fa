namespace DataAccess.Remote;

// Bound from "DataService:Client". The token also comes from DATASERVICE_TOKEN.
public sealed class DataServiceClientOptions
{
    public const string SectionName = "DataService:Client";
    public const string TokenVariable = "DATASERVICE_TOKEN";

    // Resolved by service discovery (services__dataservice__http__0 and friends); a plain
    // http(s) URL bypasses it.
    public Uri BaseAddress { get; set; } = new("https+http://dataservice");

    // Sent as "Authorization: Bearer"; an admin token or the gateway's service token.
    public string? Token { get; set; }

    // How often the storage strategies GetStorageConfig answers with are reloaded.
    public TimeSpan StorageConfigRefreshInterval { get; set; } = TimeSpan.FromSeconds(30);
}
