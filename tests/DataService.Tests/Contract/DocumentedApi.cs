using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;
using Microsoft.OpenApi;
using Microsoft.OpenApi.Reader;

namespace DataService.Tests.Contract;

// The service's own /openapi/v1.json, read strictly (Microsoft.OpenApi must find no error),
// and the client a generator would make from it: every request body is checked against the
// schema the document gives for that operation before it is sent, and every answer against
// the schema documented for its operation and status (JsonSchema.Net, draft 2020-12, which
// OpenAPI 3.1 schemas are). An operation, status or field the document does not describe
// fails the test.
public sealed class DocumentedApi
{
    private const string ComponentsPrefix = "#/components/schemas/";

    private readonly JsonObject _paths;
    private readonly JsonObject _schemas;
    private readonly ConcurrentDictionary<string, JsonSchema> _compiled = new(StringComparer.Ordinal);

    private DocumentedApi(JsonObject document)
    {
        _paths = document["paths"]!.AsObject();
        _schemas = document["components"]!["schemas"]!.AsObject();
    }

    public static async Task<DocumentedApi> LoadAsync(HttpClient client)
    {
        var text = await client.GetStringAsync("/openapi/v1.json");
        var read = OpenApiDocument.Parse(text, OpenApiConstants.Json, new OpenApiReaderSettings());
        var errors = read.Diagnostic?.Errors ?? [];
        if (read.Document is null || errors.Count > 0)
        {
            throw new InvalidOperationException("The OpenAPI document does not read cleanly: " + string.Join("; ", errors.Select(error => $"{error.Pointer}: {error.Message}")));
        }

        return new DocumentedApi(JsonNode.Parse(text)!.AsObject());
    }

    public IEnumerable<(string Method, string Path)> Operations =>
        _paths.SelectMany(path => path.Value!.AsObject()
            .Where(operation => operation.Key is "get" or "post" or "put" or "patch" or "delete")
            .Select(operation => (operation.Key, path.Key)));

    public JsonObject Operation(HttpMethod method, string template) =>
        _paths[template]?[method.Method.ToLowerInvariant()]?.AsObject()
        ?? throw new DocumentMismatchException($"{method} {template} is not in the document.");

    public void CheckRequest(HttpMethod method, string template, JsonNode? body)
    {
        var operation = Operation(method, template);
        if (operation["requestBody"]?["content"]?["application/json"]?["schema"] is not { } schema)
        {
            if (body is not null)
            {
                throw new DocumentMismatchException($"{method} {template} documents no request body, yet one is sent.");
            }

            return;
        }

        Check($"{method} {template} request", schema, body);
    }

    public void CheckAnswer(HttpMethod method, string template, int status, JsonNode? body)
    {
        var operation = Operation(method, template);
        var response = operation["responses"]?[status.ToString(System.Globalization.CultureInfo.InvariantCulture)]
            ?? throw new DocumentMismatchException($"{method} {template} answered {status}, which the document does not list: {body?.ToJsonString()}");
        var schema = response["content"]?["application/json"]?["schema"]
            ?? throw new DocumentMismatchException($"{method} {template} documents no JSON body for {status}.");
        Check($"{method} {template} {status}", schema, body);
    }

    public bool DocumentsHeader(HttpMethod method, string template, string header) =>
        Operation(method, template)["parameters"]?.AsArray().Any(parameter =>
            parameter?["in"]?.GetValue<string>() == "header" && parameter["name"]?.GetValue<string>() == header) == true;

    private void Check(string what, JsonNode schema, JsonNode? body)
    {
        var compiled = _compiled.GetOrAdd(schema.ToJsonString(), text => Compile(text));
        var result = compiled.Evaluate(body, new EvaluationOptions { OutputFormat = OutputFormat.List });
        if (!result.IsValid)
        {
            var reasons = (result.Details ?? [])
                .Where(detail => detail.Errors is { Count: > 0 })
                .SelectMany(detail => detail.Errors!.Select(error => $"{detail.InstanceLocation} ({detail.EvaluationPath}): {error.Value}"))
                .Take(12);
            throw new DocumentMismatchException($"{what} does not match the document: {string.Join("; ", reasons)}. Body: {body?.ToJsonString()}");
        }
    }

    // One self-contained schema: the operation's schema with the document's components as
    // $defs, every #/components/schemas/ reference pointing there.
    private JsonSchema Compile(string schemaText)
    {
        var root = new JsonObject
        {
            ["$schema"] = "https://json-schema.org/draft/2020-12/schema",
            ["$id"] = $"https://dataservice.test/schemas/{_compiled.Count}",
            ["$defs"] = JsonNode.Parse(_schemas.ToJsonString()),
            ["allOf"] = new JsonArray(JsonNode.Parse(schemaText)),
        };
        return JsonSchema.FromText(root.ToJsonString().Replace("\"" + ComponentsPrefix, "\"#/$defs/", StringComparison.Ordinal));
    }
}

public sealed class DocumentMismatchException(string message) : Exception(message);
