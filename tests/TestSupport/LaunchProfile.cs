using System.Text.Json;

namespace TestSupport;

// What a service project's launch profile (Properties/launchSettings.json, its first profile,
// which `dotnet run` and the AppHost use) sets for the runtime: its DOTNET_* variables.
public static class LaunchProfile
{
    public static Dictionary<string, string> RuntimeSettings(string projectDirectory)
    {
        var settings = new Dictionary<string, string>();
        var path = Path.Combine(projectDirectory, "Properties", "launchSettings.json");
        if (!File.Exists(path))
        {
            return settings;
        }

        using var document = JsonDocument.Parse(File.ReadAllText(path), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip });
        var profile = document.RootElement.GetProperty("profiles").EnumerateObject().First().Value;
        if (profile.TryGetProperty("environmentVariables", out var variables))
        {
            foreach (var variable in variables.EnumerateObject().Where(variable => variable.Name.StartsWith("DOTNET_", StringComparison.Ordinal)))
            {
                settings[variable.Name] = variable.Value.GetString()!;
            }
        }

        return settings;
    }
}
