using System.Text.Json;
using DataAccess;

namespace DataService.Http;

// Enum values in query strings and routes, read the way the JSON body reads them: by their
// API names ("apikey", "cache_first"), case-insensitively, with a 400 naming the parameter
// when the value is not one of them.
public static class QueryValue
{
    public static T? Enum<T>(string? value, string field) where T : struct, System.Enum
    {
        if (value is null)
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<T>(JsonSerializer.Serialize(value), JsonOptions);
        }
        catch (JsonException)
        {
            var names = System.Enum.GetValues<T>().Select(option => JsonSerializer.Serialize(option, JsonOptions).Trim('"'));
            throw DatabaseError.Invalid(field, $"must be one of {string.Join(", ", names)}.");
        }
    }

    private static readonly JsonSerializerOptions JsonOptions = CreateOptions();

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        Microsoft.Extensions.Hosting.HttpApiExtensions.Configure(options);
        return options;
    }
}
