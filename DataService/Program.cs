using DataService.Endpoints;
using DataService.Hosting;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddRedisClients();
builder.AddDataAccess();
builder.AddHttpApi();
builder.AddServiceTokenAuthentication();
builder.AddDataServiceMonitoring();
builder.AddApiDocument();

var app = builder.Build();

app.UseExceptionHandler();
app.UseRequestBodyLimit();
app.UseAuthentication();
app.UseAuthorization();

app.MapOpenApi();
app.MapApiKeyEndpoints();
app.MapAccountEndpoints();
app.MapUsageEndpoints();
app.MapSessionEndpoints();
app.MapStorageEndpoints();
app.MapTransactionEndpoints();
app.MapMonitoringEndpoints();
app.MapDefaultEndpoints();

app.Run();

public partial class Program;
