using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace AppHost.LocalServers;

/// <summary>
/// AddPostgres and AddDatabase for machines without a container engine: the same health
/// checks (WaitFor means the server accepts queries, and the database exists) and the same
/// connection strings, from the installed PostgreSQL on a port DCP picks.
/// </summary>
internal static class LocalPostgresBuilderExtensions
{
    public static IResourceBuilder<LocalPostgresServerResource> AddLocalPostgres(this IDistributedApplicationBuilder builder, string name)
    {
        var password = ParameterResourceBuilderExtensions.CreateDefaultPasswordParameter(builder, $"{name}-password", special: false);
        var binDirectory = PostgresInstallation.BinDirectory();
        var dataDirectory = Path.Combine(LocalState.Directory(builder.Configuration), name, "data");
        var (command, prefix) = ServerAccount.Wrap(Path.Combine(binDirectory, "postgres"));
        var server = new LocalPostgresServerResource(name, command, dataDirectory, password);

        builder.Eventing.Subscribe<ConnectionStringAvailableEvent>(server, async (_, cancellationToken) =>
            server.ResolvedConnectionString = await server.ConnectionStringExpression.GetValueAsync(cancellationToken));
        builder.Eventing.Subscribe<BeforeResourceStartedEvent>(server, async (@event, cancellationToken) =>
        {
            var logger = @event.Services.GetRequiredService<ResourceLoggerService>().GetLogger(server);
            await PostgresDataDirectory.EnsureInitializedAsync(server, binDirectory, logger, cancellationToken);
        });

        // Aspire moves a container's databases along with it; a database on an executable is
        // moved here: Running once the server is ready and the database exists.
        builder.Eventing.Subscribe<ResourceReadyEvent>(server, async (@event, cancellationToken) =>
        {
            await CreateDatabasesAsync(server, cancellationToken);
            await SetDatabasesStateAsync(server, @event.Services, KnownResourceStates.Running, cancellationToken);
        });
        builder.Eventing.Subscribe<ResourceStoppedEvent>(server, async (@event, cancellationToken) =>
            await SetDatabasesStateAsync(server, @event.Services, KnownResourceStates.Exited, cancellationToken));

        var healthCheckKey = $"{name}_check";
        builder.Services.AddHealthChecks().AddNpgSql(_ => ConnectionString(server, "postgres"), name: healthCheckKey);

        return builder.AddResource(server)
            .WithEndpoint(name: LocalPostgresServerResource.EndpointName, scheme: "tcp", isProxied: false)
            .WithArgs(context =>
            {
                foreach (var argument in prefix)
                {
                    context.Args.Add(argument);
                }

                context.Args.Add("-D");
                context.Args.Add(dataDirectory);
                context.Args.Add("-p");
                context.Args.Add(server.PrimaryEndpoint.Property(EndpointProperty.TargetPort));
                context.Args.Add("-c");
                context.Args.Add("listen_addresses=localhost");
                // TCP only: no socket file in a directory the server account may not write.
                context.Args.Add("-c");
                context.Args.Add("unix_socket_directories=");
            })
            .WithHealthCheck(healthCheckKey);
    }

    public static IResourceBuilder<LocalPostgresDatabaseResource> AddDatabase(
        this IResourceBuilder<LocalPostgresServerResource> server, string name, string databaseName)
    {
        var database = new LocalPostgresDatabaseResource(name, databaseName, server.Resource);
        server.Resource.Databases.Add(database);

        var healthCheckKey = $"{name}_check";
        server.ApplicationBuilder.Services.AddHealthChecks().AddNpgSql(_ => ConnectionString(server.Resource, databaseName), name: healthCheckKey);

        return server.ApplicationBuilder.AddResource(database)
            .WithInitialState(new CustomResourceSnapshot { ResourceType = "PostgresDatabase", State = KnownResourceStates.Waiting, Properties = [] })
            .WithHealthCheck(healthCheckKey);
    }

    private static string ConnectionString(LocalPostgresServerResource server, string database) =>
        (server.ResolvedConnectionString ?? throw new InvalidOperationException("Connection string is unavailable")) + $";Database={database}";

    private static async Task SetDatabasesStateAsync(LocalPostgresServerResource server, IServiceProvider services, string state, CancellationToken cancellationToken)
    {
        var notifications = services.GetRequiredService<ResourceNotificationService>();
        foreach (var database in server.Databases)
        {
            await notifications.PublishUpdateAsync(database, snapshot => state == KnownResourceStates.Running
                ? snapshot with { State = state, StartTimeStamp = DateTime.UtcNow }
                : snapshot with { State = state, StopTimeStamp = DateTime.UtcNow });
        }
    }

    private static async Task CreateDatabasesAsync(LocalPostgresServerResource server, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(ConnectionString(server, "postgres"));
        await connection.OpenAsync(cancellationToken);
        foreach (var database in server.Databases)
        {
            await using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = @name", connection);
            exists.Parameters.AddWithValue("name", database.DatabaseName);
            if (await exists.ExecuteScalarAsync(cancellationToken) is null)
            {
                await using var create = new NpgsqlCommand($"CREATE DATABASE {new NpgsqlCommandBuilder().QuoteIdentifier(database.DatabaseName)}", connection);
                await create.ExecuteNonQueryAsync(cancellationToken);
            }
        }
    }
}
