using System.Runtime.InteropServices;
using AppHost.Hosting.Processes;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.Configuration;

namespace AppHost.Hosting.DotNetProjects;

/// <summary>
/// Runs a project from its build output with <c>dotnet {assembly}</c>, in the project's directory
/// as <c>dotnet run</c> would, so it reads its own appsettings files.
/// </summary>
internal sealed class ProjectLauncher(IConfiguration configuration)
{
    // The dotnet of the runtime running the AppHost, so the projects run on the same installation.
    private static readonly string s_dotnet = FindDotNet();

    public async Task<ProcessSpec> PrepareAsync(ProjectResource project, CancellationToken cancellationToken)
    {
        var projectPath = project.Metadata.ProjectPath;
        var assembly = ProjectOutput.AssemblyPathOf(projectPath);
        if (!File.Exists(assembly))
        {
            throw new DistributedApplicationException($"{assembly} does not exist: build the AppHost first (it builds the projects it references).");
        }

        return new ProcessSpec(s_dotnet, [assembly])
        {
            WorkingDirectory = Path.GetDirectoryName(projectPath),
            Environment = await ProjectEnvironment.BuildAsync(project, configuration, cancellationToken),
        };
    }

    private static string FindDotNet()
    {
        var installation = Path.GetFullPath(Path.Combine(RuntimeEnvironment.GetRuntimeDirectory(), "..", "..", ".."));
        var dotnet = Path.Combine(installation, "dotnet");
        return File.Exists(dotnet) ? dotnet : "dotnet";
    }
}
