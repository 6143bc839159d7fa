using MigrationService;

var commandLine = BackfillCommandLine.Parse(args);
// Its settings files are read from beside it, wherever an operator starts it from
// (`dotnet path/to/MigrationService.dll` too), not from the current directory.
var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = commandLine.HostArguments, ContentRootPath = AppContext.BaseDirectory });
builder.Configuration.AddInMemoryCollection(commandLine.Settings);

builder.AddServiceDefaults();
builder.AddNpgsqlDataSource("postgres");
builder.AddMigrationSteps();

var host = builder.Build();

return await host.RunToCompletionAsync();
