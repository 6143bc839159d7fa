namespace AppHost.Tests;

public sealed class ProjectMetadataTests
{
    [Fact]
    public void The_build_generates_a_Projects_class_for_each_referenced_project()
    {
        Assert.EndsWith($"{Path.DirectorySeparatorChar}AppHost{Path.DirectorySeparatorChar}AppHost.csproj", new Projects.AppHost().ProjectPath);
        Assert.All(
            [new Projects.MigrationService().ProjectPath, new Projects.DataService().ProjectPath, new Projects.Gateway().ProjectPath],
            path => Assert.True(File.Exists(path), path));
    }
}
