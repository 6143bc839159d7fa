using Aspire.Hosting.ApplicationModel;

namespace Aspire.Hosting;

public static class PostgresBuilderExtensions
{
    /// <summary>
    /// Adds a PostgreSQL server. Without <paramref name="password"/> it gets a generated one,
    /// the parameter <c>{name}-password</c>, kept between runs.
    /// </summary>
    public static IResourceBuilder<PostgresServerResource> AddPostgres(
        this IDistributedApplicationBuilder builder,
        string name,
        IResourceBuilder<ParameterResource>? userName = null,
        IResourceBuilder<ParameterResource>? password = null,
        int? port = null)
    {
        var passwordParameter = password?.Resource ?? builder.AddDefaultPasswordParameter($"{name}-password");
        return builder.AddResource(new PostgresServerResource(name, userName?.Resource, passwordParameter))
            .WithAnnotation(new EndpointAnnotation(PostgresServerResource.PrimaryEndpointName, "tcp", port));
    }

    /// <summary>
    /// Adds a database, created when the server is first ready. <paramref name="name"/> is the
    /// connection name (<c>ConnectionStrings__{name}</c>); <paramref name="databaseName"/> defaults to it.
    /// </summary>
    public static IResourceBuilder<PostgresDatabaseResource> AddDatabase(
        this IResourceBuilder<PostgresServerResource> builder, string name, string? databaseName = null)
    {
        var database = new PostgresDatabaseResource(name, databaseName ?? name, builder.Resource);
        builder.Resource.AddDatabase(name, database.DatabaseName);
        return builder.ApplicationBuilder.AddResource(database);
    }

    /// <summary>
    /// Keeps the server's data between runs, in <c>{volumes directory}/{name}</c>
    /// (name defaults to <c>{server}-data</c>). Without it every run starts from an empty server.
    /// </summary>
    public static IResourceBuilder<PostgresServerResource> WithDataVolume(this IResourceBuilder<PostgresServerResource> builder, string? name = null) =>
        builder.WithAnnotation(new DataVolumeAnnotation(name ?? $"{builder.Resource.Name}-data"));
}
