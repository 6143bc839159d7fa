using DataService.Endpoints;
using DataService.Hosting;
using DataService.Http;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddPostgresDataSource();
builder.AddRedisClients();
builder.AddDataAccess();
builder.AddHttpApi();
builder.AddServiceTokenAuthentication();
builder.AddDataServiceMonitoring();
builder.AddApiDocument();

var app = builder.Build();

app.UseHttpApi();
app.UseAuthentication();
app.UseAuthorization();

app.MapOpenApi();
var api = app.MapGroup("").ValidateInput();
api.MapApiKeyEndpoints();
api.MapAccountEndpoints();
api.MapUsageEndpoints();
api.MapSessionEndpoints();
api.MapStorageEndpoints();
api.MapTransactionEndpoints();
api.MapMonitoringEndpoints();
app.MapDefaultEndpoints();

app.Run();

public partial class Program;
