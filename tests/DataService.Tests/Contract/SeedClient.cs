using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using DataService.Tests.Support;

namespace DataService.Tests.Contract;

// Calls an operation as the document describes it: the route template it is documented
// under, a body the document's request schema accepts, and an answer its response schema
// for that status accepts.
public sealed class SeedClient(HttpClient http, DocumentedApi document)
{
    private static readonly JsonSerializerOptions s_json = new(JsonSerializerDefaults.Web);

    public DocumentedApi Document { get; } = document;

    public HttpClient Http { get; } = http;

    public async Task<ApiResponse> CallAsync(
        HttpMethod method, string template, string path, object? body = null, IReadOnlyDictionary<string, string>? headers = null)
    {
        var json = body is null ? null : JsonSerializer.SerializeToNode(body, s_json);
        Document.CheckRequest(method, template, json);
        foreach (var header in headers?.Keys ?? [])
        {
            Assert.True(Document.DocumentsHeader(method, template, header), $"{method} {template} does not document the {header} header.");
        }

        using var request = new HttpRequestMessage(method, path);
        if (json is not null)
        {
            request.Content = JsonContent.Create(json, options: s_json);
        }
        else if (method == HttpMethod.Post || method == HttpMethod.Put || method == HttpMethod.Patch)
        {
            request.Content = JsonContent.Create(new JsonObject());
        }

        foreach (var (name, value) in headers ?? new Dictionary<string, string>())
        {
            request.Headers.Add(name, value);
        }

        var response = await ApiResponse.ReadAsync(await Http.SendAsync(request));
        Document.CheckAnswer(method, template, (int)response.Status,
            response.Body.ValueKind == JsonValueKind.Undefined ? null : JsonNode.Parse(response.Body.GetRawText()));
        return response;
    }

    public Task<ApiResponse> GetAsync(string template, string path, IReadOnlyDictionary<string, string>? headers = null) =>
        CallAsync(HttpMethod.Get, template, path, null, headers);

    public Task<ApiResponse> PostAsync(string template, string path, object? body = null, IReadOnlyDictionary<string, string>? headers = null) =>
        CallAsync(HttpMethod.Post, template, path, body, headers);

    public Task<ApiResponse> PutAsync(string template, string path, object body, IReadOnlyDictionary<string, string>? headers = null) =>
        CallAsync(HttpMethod.Put, template, path, body, headers);

    public Task<ApiResponse> PatchAsync(string template, string path, object body, IReadOnlyDictionary<string, string>? headers = null) =>
        CallAsync(HttpMethod.Patch, template, path, body, headers);

    public Task<ApiResponse> DeleteAsync(string template, string path, IReadOnlyDictionary<string, string>? headers = null) =>
        CallAsync(HttpMethod.Delete, template, path, null, headers);
}
