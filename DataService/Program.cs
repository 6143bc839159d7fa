using DataService.Endpoints;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddDataAccess();
builder.AddHttpApi();
builder.AddServiceTokenAuthentication();
builder.Services.AddOpenApi(options => options
    .AddDocumentTransformer<DataService.Http.BearerSecurityDocumentTransformer>()
    .AddSchemaTransformer<DataService.Http.EnvelopeSchemaTransformer>());

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
app.MapDefaultEndpoints();

app.Run();

public partial class Program;
