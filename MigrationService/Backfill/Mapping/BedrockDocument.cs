using System.Text.Json;

namespace MigrationService.Backfill.Mapping;

// A bedrock_account:{id} string (layout §5.8) as the field map the other account families
// have: strings as they are, booleans "true"/"false", numbers as written, objects as JSON.
internal static class BedrockDocument
{
    public static Dictionary<string, string>? TryRead(string text)
    {
        try
        {
            using var document = JsonDocument.Parse(text);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            var fields = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var property in document.RootElement.EnumerateObject())
            {
                fields[property.Name] = property.Value.ValueKind switch
                {
                    JsonValueKind.String => property.Value.GetString()!,
                    JsonValueKind.True => "true",
                    JsonValueKind.False => "false",
                    JsonValueKind.Null => "",
                    _ => property.Value.GetRawText(),
                };
            }

            return fields;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
