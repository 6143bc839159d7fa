using System.Net;
using System.Text.Json;
using DataService.Tests.Support;

namespace DataService.Tests.Endpoints;

public sealed class OpenApiDocumentTests(DataServiceFactory factory) : IClassFixture<DataServiceFactory>
{
    [Fact]
    public async Task The_document_describes_every_route_with_its_bodies_answers_and_security()
    {
        using var response = await factory.CreateClient(token: null).GetAsync("/openapi/v1.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var paths = document.RootElement.GetProperty("paths");

        string[] expected =
        [
            "/api/v1/apikeys", "/api/v1/apikeys/validate", "/api/v1/apikeys/{id}", "/api/v1/apikeys/{id}/usage", "/api/v1/apikeys/{id}/usage/summary",
            "/api/v1/apikeys/{id}/usage/daily-cost", "/api/v1/apikeys/{id}/usage/costs", "/api/v1/accounts/claude", "/api/v1/accounts/claude/{id}",
            "/api/v1/accounts/claude/{id}/refresh", "/api/v1/accounts/claude/{id}/status", "/api/v1/accounts/claude/available",
            "/api/v1/accounts/claude/{id}/access-token", "/api/v1/accounts/openai", "/api/v1/usage", "/api/v1/usage/batch", "/api/v1/usage/stats",
            "/api/v1/usage/cost-analysis", "/api/v1/usage/cleanup", "/api/v1/sessions", "/api/v1/sessions/current", "/api/v1/sessions/cleanup",
            "/api/v1/storage/strategies/{dataType}", "/api/v1/storage/health", "/api/v1/transactions", "/api/v1/transactions/{transactionId}/commit",
            "/api/v1/transactions/{transactionId}/rollback", "/api/v1/transactions/{transactionId}/batch", "/api/v1/transactions/batch",
        ];
        Assert.All(expected, path => Assert.True(paths.TryGetProperty(path, out _), $"{path} is missing from the document"));

        var create = paths.GetProperty("/api/v1/apikeys").GetProperty("post");
        Assert.True(create.TryGetProperty("requestBody", out _));
        var created = create.GetProperty("responses").GetProperty("201").GetProperty("content").GetProperty("application/json").GetProperty("schema");
        Assert.Contains("CreatedApiKey", created.GetRawText());
        Assert.True(create.GetProperty("responses").TryGetProperty("409", out _));
        var schemas = document.RootElement.GetProperty("components").GetProperty("schemas");
        var envelope = schemas.GetProperty("DataResultOfApiKeyValidation").GetProperty("properties");
        Assert.Equal("#/components/schemas/ApiKeyValidation", envelope.GetProperty("data").GetProperty("$ref").GetString());
        Assert.Contains("DB_RECORD_NOT_FOUND", envelope.GetProperty("code").GetRawText());
        Assert.Contains("ApiKeyLimits", schemas.GetProperty("OptionalOfApiKeyLimits").GetRawText());
        Assert.True(document.RootElement.GetProperty("components").TryGetProperty("securitySchemes", out _));
    }
}
