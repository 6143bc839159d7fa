using System.Text.Json;
using DataAccess.Remote;

namespace DataService.Http;

// An enum in a route or query string, by the name JSON bodies give it (asc, hour, apikey,
// account). Minimal APIs bind a plain enum parameter only by its C# name, case-sensitively
// (Asc, Hour, ApiKey), so the names the API documents would be refused.
public readonly record struct WireEnum<TEnum>(TEnum Value) where TEnum : struct, Enum
{
    public static bool TryParse(string? text, IFormatProvider? provider, out WireEnum<TEnum> result)
    {
        result = default;
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }

        try
        {
            var value = JsonSerializer.Deserialize<TEnum>(JsonSerializer.Serialize(text), DataServiceJson.Options);
            result = new WireEnum<TEnum>(value);
            return Enum.IsDefined(value);
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
