using Aspire.Hosting.ApplicationModel;

namespace Aspire.Hosting;

public static class ProjectResourceBuilderExtensions
{
    /// <summary>
    /// Adds a project of the solution, run from its build output with one <c>http</c> endpoint on
    /// a free port. <typeparamref name="TProject"/> is a generated <c>Projects.*</c> class.
    /// </summary>
    public static IResourceBuilder<ProjectResource> AddProject<TProject>(this IDistributedApplicationBuilder builder, string name)
        where TProject : IProjectMetadata, new() =>
        builder.AddResource(new ProjectResource(name))
            .WithAnnotation(new TProject())
            .WithAnnotation(new EndpointAnnotation("http", "http"));
}
