using MigrationService;

var commandLine = BackfillCommandLine.Parse(args);
var builder = Host.CreateApplicationBuilder(commandLine.HostArguments);
builder.Configuration.AddInMemoryCollection(commandLine.Settings);

builder.AddServiceDefaults();
builder.AddNpgsqlDataSource("postgres");
builder.AddMigrationSteps();

var host = builder.Build();

return await host.RunToCompletionAsync();
