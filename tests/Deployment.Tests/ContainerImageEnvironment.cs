using System.Xml.Linq;

namespace Deployment.Tests;

// The variables a service's image sets for its process: the project's
// ContainerEnvironmentVariable items, which `dotnet publish -t:PublishContainer` writes into
// the image's configuration.
internal static class ContainerImageEnvironment
{
    public static Dictionary<string, string> Of(string project) =>
        XDocument.Load(Path.Combine(Repository.Root, project, $"{project}.csproj"))
            .Descendants("ContainerEnvironmentVariable")
            .ToDictionary(item => item.Attribute("Include")!.Value, item => item.Attribute("Value")!.Value);
}
