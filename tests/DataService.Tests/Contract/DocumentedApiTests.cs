using System.Text.Json.Nodes;
using DataService.Tests.Support;

namespace DataService.Tests.Contract;

// The OpenAPI document states the seed's fields and the transaction header, and the
// document-driven client (DocumentedApi) refuses what the document does not describe, so a
// contract test that passes through it has really been checked.
public sealed class DocumentedApiTests(DataServiceFactory factory) : IClassFixture<DataServiceFactory>
{
    [Fact]
    public async Task The_document_states_the_seed_fields_and_the_transaction_header()
    {
        var document = await DocumentedApi.LoadAsync(factory.Admin());
        var text = await factory.Admin().GetStringAsync("/openapi/v1.json");
        var schemas = JsonNode.Parse(text)!["components"]!["schemas"]!;

        (HttpMethod, string)[] joining =
        [
            (HttpMethod.Post, "/api/v1/apikeys"), (HttpMethod.Patch, "/api/v1/apikeys/{id}"), (HttpMethod.Delete, "/api/v1/apikeys/{id}"),
            (HttpMethod.Post, "/api/v1/apikeys/{id}/usage"), (HttpMethod.Post, "/api/v1/accounts/claude"), (HttpMethod.Put, "/api/v1/accounts/claude/{id}/status"),
            (HttpMethod.Post, "/api/v1/accounts/openai"), (HttpMethod.Put, "/api/v1/accounts/openai/{id}/status"), (HttpMethod.Post, "/api/v1/usage"),
            (HttpMethod.Post, "/api/v1/usage/batch"), (HttpMethod.Post, "/api/v1/sessions"), (HttpMethod.Patch, "/api/v1/sessions/current"),
            (HttpMethod.Delete, "/api/v1/sessions/current"),
        ];
        Assert.All(joining, operation => Assert.True(document.DocumentsHeader(operation.Item1, operation.Item2, "X-Transaction-Id"), $"{operation} lacks the header"));
        Assert.False(document.DocumentsHeader(HttpMethod.Get, "/api/v1/apikeys/{id}", "X-Transaction-Id"));
        Assert.False(document.DocumentsHeader(HttpMethod.Post, "/api/v1/accounts/claude/{id}/refresh", "X-Transaction-Id"));

        var switchAnswer = document.Operation(HttpMethod.Put, "/api/v1/storage/strategies/{dataType}")["responses"]!["200"]!.ToJsonString();
        Assert.Contains("\"previousStrategy\"", switchAnswer, StringComparison.Ordinal);
        var batchAnswer = document.Operation(HttpMethod.Post, "/api/v1/transactions/batch")["responses"]!["200"]!.ToJsonString();
        Assert.Contains("\"results\"", batchAnswer, StringComparison.Ordinal);
        Assert.NotNull(schemas["SessionValidation"]!["properties"]!["isValid"]);
        Assert.NotNull(schemas["UsageStatsRow"]!["properties"]!["models"]!["additionalProperties"]);
        Assert.All(new[] { "tokenLimit", "concurrencyLimit", "dailyCostLimit" }, name =>
        {
            Assert.NotNull(schemas["CreateApiKeyRequest"]!["properties"]![name]);
            Assert.NotNull(schemas["ApiKeyUpdate"]!["properties"]![name]);
        });
        Assert.NotNull(schemas["SessionUpdate"]!["properties"]!["extendTTL"]);
    }

    [Fact]
    public async Task What_the_document_does_not_describe_is_refused()
    {
        var document = await DocumentedApi.LoadAsync(factory.Admin());

        Assert.Throws<DocumentMismatchException>(() => document.CheckAnswer(HttpMethod.Get, "/api/v1/apikeys/{id}", 200, JsonNode.Parse("""{"success":"yes"}""")));
        Assert.Throws<DocumentMismatchException>(() => document.CheckAnswer(HttpMethod.Get, "/api/v1/apikeys/{id}", 418, JsonNode.Parse("""{"success":false}""")));
        Assert.Throws<DocumentMismatchException>(() => document.CheckAnswer(
            HttpMethod.Post, "/api/v1/apikeys/validate", 200, JsonNode.Parse("""{"success":true,"data":{"id":"x","isActive":"yes"}}""")));
        Assert.Throws<DocumentMismatchException>(() => document.CheckRequest(HttpMethod.Post, "/api/v1/apikeys", JsonNode.Parse("""{"name":5}""")));
        Assert.Throws<DocumentMismatchException>(() => document.CheckRequest(HttpMethod.Get, "/api/v1/apikeys/{id}", JsonNode.Parse("{}")));
        Assert.Throws<DocumentMismatchException>(() => document.Operation(HttpMethod.Put, "/api/v1/apikeys/{id}"));

        document.CheckAnswer(HttpMethod.Get, "/api/v1/apikeys/{id}", 404, JsonNode.Parse("""{"success":false,"error":"No such key.","code":"DB_RECORD_NOT_FOUND"}"""));
        document.CheckRequest(HttpMethod.Post, "/api/v1/apikeys", JsonNode.Parse("""{"name":"a","tokenLimit":5}"""));
    }
}
