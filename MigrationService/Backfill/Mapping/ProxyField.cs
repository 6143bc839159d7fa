using System.Globalization;
using System.Text.Json;
using DataAccess.Accounts;
using DataAccess.LegacyRedis.Mapping;

namespace MigrationService.Backfill.Mapping;

// An account's proxy field: JSON {type, host, port, username, password} (layout §5.6). The
// proxy column keeps all but the password, which is a secret.
internal static class ProxyField
{
    private static readonly JsonSerializerOptions s_json = new(JsonSerializerDefaults.Web);

    // Null when the text is not a proxy object with a host.
    public static ProxyConfig? Parse(string text)
    {
        try
        {
            using var document = JsonDocument.Parse(text);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("host", out var host) || host.ValueKind != JsonValueKind.String)
            {
                return null;
            }

            return new ProxyConfig
            {
                Type = String(root, "type") ?? "http",
                Host = host.GetString()!,
                Port = Port(root),
                Username = String(root, "username"),
                Password = String(root, "password"),
            };
        }
        catch (JsonException)
        {
            return null;
        }
    }

    // The proxy column, as PostgresAccounts writes it.
    public static string Summary(ProxyConfig proxy) =>
        JsonSerializer.Serialize(new ProxySummary(proxy.Type, proxy.Host, proxy.Port, proxy.Username, proxy.Password is not null), s_json);

    // Whether the stored text is exactly what the legacy relay writes for this proxy, so that
    // the column and the password reproduce it.
    public static bool Reproduces(ProxyConfig proxy, string text) => LegacyAccountFields.ProxyJson(proxy) == text;

    private static string? String(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text ? text : null;

    private static int Port(JsonElement root) =>
        !root.TryGetProperty("port", out var port) ? 0
        : port.ValueKind == JsonValueKind.Number && port.TryGetInt32(out var number) ? number
        : port.ValueKind == JsonValueKind.String && int.TryParse(port.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out var text) ? text
        : 0;
}
