using MigrationService;

var commandLine = BackfillCommandLine.Parse(args);
var builder = WebApplication.CreateBuilder(commandLine.HostArguments);
builder.Configuration.AddInMemoryCollection(commandLine.Settings);

builder.AddServiceDefaults();
builder.AddNpgsqlDataSource("postgres");
builder.AddMigrationSteps();

var app = builder.Build();

app.MapDefaultEndpoints();

return await app.RunToCompletionAsync();

public partial class Program;
