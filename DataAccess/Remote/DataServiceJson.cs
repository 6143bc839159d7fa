using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace DataAccess.Remote;

// The JSON the DataService API speaks: web defaults, camelCase, enums as strings. The
// DataService configures its endpoints with Configure and the remote backend talks with
// Options, so the two cannot drift apart.
public static class DataServiceJson
{
    // For the client: a partial update leaves out the Optional fields it does not set, since
    // an explicit null would set them to null. Unknown response fields are skipped, so an
    // older client keeps working against a newer service.
    public static JsonSerializerOptions Options { get; } = CreateClientOptions();

    public static void Configure(JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
    }

    // The wire name of an enum value, for routes and query strings.
    public static string NameOf<TEnum>(TEnum value) where TEnum : struct, Enum =>
        JsonSerializer.SerializeToElement(value, Options).GetString()!;

    private static JsonSerializerOptions CreateClientOptions()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        Configure(options);
        options.TypeInfoResolver = new DefaultJsonTypeInfoResolver().WithAddedModifier(OmitUnsetOptionals);
        options.MakeReadOnly();
        return options;
    }

    private static void OmitUnsetOptionals(JsonTypeInfo type)
    {
        foreach (var property in type.Properties)
        {
            if (property.PropertyType.IsGenericType && property.PropertyType.GetGenericTypeDefinition() == typeof(Optional<>))
            {
                property.ShouldSerialize = (_, value) => value is IOptional { HasValue: true };
            }
        }
    }
}
