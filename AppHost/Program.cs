// The app model: what runs, how the parts find each other, and in which order they start.
var builder = DistributedApplication.CreateBuilder(args);

var postgres = builder.AddPostgres("postgres-server").WithDataVolume();
var database = postgres.AddDatabase("postgres", databaseName: "relay");
var redis = builder.AddRedis("redis");

// Generated on first run and kept for later runs; an operator can supply any of them as
// Parameters:{name} (e.g. the ENCRYPTION_KEY of an existing claude-relay-service deployment).
var encryptionKey = AddSecret("encryption-key");
var adminToken = AddSecret("admin-token");
var serviceToken = AddSecret("service-token");

var migration = builder.AddProject<Projects.MigrationService>("migration")
    .WithReference(database)
    .WithEnvironment("Security__EncryptionKey", encryptionKey)
    .WaitFor(database);

// A claude-relay-service Redis to backfill from, when the operator names one.
if (builder.Configuration["ConnectionStrings:legacy-redis"] is { } legacyRedis)
{
    migration.WithEnvironment("ConnectionStrings__legacy-redis", legacyRedis);
}

var dataService = builder.AddProject<Projects.DataService>("dataservice")
    .WithReference(database)
    .WithReference(redis)
    .WithEnvironment("Security__EncryptionKey", encryptionKey)
    .WithEnvironment("DataService__Auth__AdminTokens__0", adminToken)
    .WithEnvironment("DataService__Auth__ServiceTokens__0", serviceToken)
    .WithHttpHealthCheck("/health")
    .WaitFor(redis)
    .WaitForCompletion(migration);

builder.AddProject<Projects.Gateway>("gateway")
    .WithReference(dataService)
    .WithEnvironment("DataService__Client__Token", serviceToken)
    .WithHttpHealthCheck("/health")
    .WaitFor(dataService);

builder.Build().Run();

IResourceBuilder<ParameterResource> AddSecret(string name) =>
    builder.AddParameter(name, new GenerateParameterDefault { MinLength = 32, Special = false }, secret: true, persist: true);
