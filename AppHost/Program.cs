using AppHost;
using AppHost.LocalServers;
using Microsoft.Extensions.Configuration;

// The app model: what runs, how the parts find each other, and in which order they start.
var builder = DistributedApplication.CreateBuilder(args);

// Containers where Docker or Podman is healthy (and always in publish mode), local executables
// otherwise, or the servers named by ConnectionStrings:postgres / ConnectionStrings:redis.
var servers = new BackingServers(builder);
var database = servers.AddPostgresDatabase("postgres-server", connectionName: "postgres", databaseName: "relay");
var redis = servers.AddRedis("redis");

// Generated on first run and kept (user secrets); an operator can supply any of them as
// Parameters__{name} (e.g. the ENCRYPTION_KEY of an existing claude-relay-service deployment).
var encryptionKey = AddSecret("encryption-key");
var adminToken = AddSecret("admin-token");
var serviceToken = AddSecret("service-token");

var migration = builder.AddProject<Projects.MigrationService>("migration")
    .WithReference(database)
    .WithEnvironment("Security__EncryptionKey", encryptionKey)
    .WaitFor(database);

// A claude-relay-service Redis to backfill from, when the operator names one.
if (builder.Configuration.GetConnectionString("legacy-redis") is not null)
{
    migration.WithReference(builder.AddConnectionString("legacy-redis"));
}

var dataService = builder.AddProject<Projects.DataService>("dataservice")
    .WithReference(database)
    .WithReference(redis)
    .WithEnvironment("Security__EncryptionKey", encryptionKey)
    .WithEnvironment("DataService__Auth__AdminTokens__0", adminToken)
    .WithEnvironment("DataService__Auth__ServiceTokens__0", serviceToken)
    .WithConfigurationFromAppHost("DataAccess:ClaudeOAuth:TokenEndpoint")
    .WithHttpHealthCheck("/health")
    .WaitFor(redis)
    .WaitForCompletion(migration);

builder.AddProject<Projects.Gateway>("gateway")
    .WithReference(redis)
    .WithReference(dataService)
    .WithEnvironment("Security__EncryptionKey", encryptionKey)
    .WithEnvironment("DataService__Client__Token", serviceToken)
    .WithConfigurationFromAppHost("Gateway:Upstreams:Claude")
    .WithConfigurationFromAppHost("DataAccess:ClaudeOAuth:TokenEndpoint")
    .WithExternalHttpEndpoints()
    .WithHttpHealthCheck("/health")
    .WaitFor(redis)
    .WaitFor(dataService);

builder.Build().Run();

IResourceBuilder<ParameterResource> AddSecret(string name) =>
    builder.AddParameter(name, new GenerateParameterDefault { MinLength = 32, Special = false }, secret: true, persist: true);
