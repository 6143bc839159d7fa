using MigrationService;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddNpgsqlDataSource("postgres");
builder.AddMigrationSteps();

var app = builder.Build();

app.MapDefaultEndpoints();

return await app.RunToCompletionAsync();

public partial class Program;
