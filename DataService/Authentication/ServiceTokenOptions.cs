namespace DataService.Authentication;

// Bound from "DataService:Auth": the bearer tokens that may call the API.
public sealed class ServiceTokenOptions
{
    public const string SectionName = "DataService:Auth";

    public List<string> AdminTokens { get; set; } = [];

    public List<string> ServiceTokens { get; set; } = [];
}
