using System.Reflection;
using System.Runtime.Versioning;

namespace AppHost.Hosting.DotNetProjects;

/// <summary>
/// Where the build put a project's assembly: <c>bin/{Configuration}/{TargetFramework}/{Name}.dll</c>
/// beside the project file, in the configuration the AppHost itself was built in. The AppHost's
/// project references build the projects in that configuration, so the files are there.
/// </summary>
internal static class ProjectOutput
{
    public static string AssemblyPathOf(string projectPath)
    {
        var appHost = typeof(ProjectOutput).Assembly;
        var configuration = appHost.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";
        var framework = new FrameworkName(appHost.GetCustomAttribute<TargetFrameworkAttribute>()!.FrameworkName);
        return Path.Combine(
            Path.GetDirectoryName(projectPath)!,
            "bin",
            configuration,
            $"net{framework.Version.Major}.{framework.Version.Minor}",
            Path.GetFileNameWithoutExtension(projectPath) + ".dll");
    }
}
