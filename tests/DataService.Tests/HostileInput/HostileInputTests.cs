using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using DataService.Tests.Monitoring;
using DataService.Tests.Support;
using Xunit.Abstractions;

namespace DataService.Tests.HostileInput;

// Walks every operation of /openapi/v1.json and sends it each class of bad input in each
// place it takes input (every body field, nested ones included, every route, query and header
// parameter, the body as a whole). Every answer must be the envelope and none a 5xx; the
// inputs no operation may accept must be refused with a 4xx naming the field. Afterwards the
// service must still record and serve good requests.
public sealed class HostileInputTests(HostileInputFactory service, ITestOutputHelper output) : IClassFixture<HostileInputFactory>
{
    private static readonly string[] s_methods = ["get", "post", "put", "patch", "delete"];

    [Fact]
    public async Task Every_documented_operation_has_a_good_request_to_spoil()
    {
        using var document = await service.OpenApiDocumentAsync();
        var documented = document.RootElement.GetProperty("paths").EnumerateObject()
            .SelectMany(path => path.Value.EnumerateObject().Where(method => s_methods.Contains(method.Name)).Select(method => $"{method.Name.ToUpperInvariant()} {path.Name}"))
            .Order()
            .ToArray();

        Assert.Equal(documented, GoodRequests.For(service).Select(request => request.Operation).Order().ToArray());
    }

    [Fact]
    public async Task Bad_input_anywhere_is_refused_in_the_envelope_never_with_a_5xx_and_good_requests_still_work()
    {
        var admin = service.Admin();
        var failures = new List<string>();
        var sent = 0;
        var refused = 0;
        foreach (var request in GoodRequests.For(service).OrderBy(request => request.Method == "DELETE"))
        {
            foreach (var (what, message, mustRefuse) in Spoiled(request))
            {
                var answer = await SendAsync(admin, message);
                sent++;
                var problem = Judge(answer, mustRefuse, request.CallsOutside);
                if (answer.Status is >= HttpStatusCode.BadRequest and < HttpStatusCode.InternalServerError)
                {
                    refused++;
                }

                if (problem is not null)
                {
                    failures.Add($"{request.Operation} with {what}: {problem}");
                }
            }
        }

        output.WriteLine($"{sent} requests, {refused} refused with a 4xx, {failures.Count} failures.");
        Assert.True(failures.Count == 0, string.Join('\n', failures.Take(60)));
        await GoodRequestsAreRecordedAndServedAsync();
    }

    // A record that got past the edge and could not be stored would stop usage ingestion;
    // fresh records must still be counted.
    private async Task GoodRequestsAreRecordedAndServedAsync()
    {
        var admin = service.Admin();
        var created = await admin.PostApiAsync("/api/v1/apikeys", new { name = "after-the-storm" });
        Assert.Equal(HttpStatusCode.Created, created.Status);
        var key = created.Data.GetProperty("id").GetString();
        for (var i = 0; i < 3; i++)
        {
            var recorded = await service.Gateway().PostApiAsync($"/api/v1/apikeys/{key}/usage", new { model = "claude-sonnet-4", inputTokens = 100, outputTokens = 10, cost = 0.5 });
            Assert.True(recorded.Success, recorded.Error);
        }

        var summary = await Eventually.UntilAsync(
            () => service.Gateway().GetApiAsync($"/api/v1/apikeys/{key}/usage/summary"),
            response => response.Success && response.Data.GetProperty("total").GetProperty("requests").GetInt64() == 3,
            "the three good records to be counted");
        Assert.Equal(330, summary.Data.GetProperty("total").GetProperty("totalTokens").GetInt64());
    }

    private static string? Judge(ApiResponse answer, bool mustRefuse, bool callsOutside)
    {
        // An operation that calls a service outside (the OAuth token endpoint, down here)
        // rightly answers 503 when that service does not answer.
        if ((int)answer.Status >= 500 && !(callsOutside && answer.Status == HttpStatusCode.ServiceUnavailable))
        {
            return $"answered {(int)answer.Status}: {Shorten(answer.Body)}";
        }

        if (answer.Body.ValueKind != JsonValueKind.Object || !answer.Body.TryGetProperty("success", out var success) || success.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
        {
            return $"answered {(int)answer.Status} without the envelope: {Shorten(answer.Body)}";
        }

        var refused = (int)answer.Status >= 400;
        if (refused && (success.GetBoolean() || string.IsNullOrEmpty(answer.Code)))
        {
            return $"answered {(int)answer.Status} with an envelope lacking success false and a code: {Shorten(answer.Body)}";
        }

        if (mustRefuse && !refused)
        {
            return $"was accepted ({(int)answer.Status}): {Shorten(answer.Body)}";
        }

        return null;
    }

    // The good request, then the request with one part spoiled at a time.
    private static IEnumerable<(string What, Message Message, bool MustRefuse)> Spoiled(GoodRequest request)
    {
        var good = new Message(request.Method, request.Path(), request.Body?.ToJsonString(), request.HeaderValues);
        yield return ("the good request", good, false);

        if (request.Body is not null)
        {
            foreach (var (path, original) in Leaves(request.Body, ""))
            {
                var freeForm = path.StartsWith("sessionData.", StringComparison.Ordinal);
                foreach (var spoil in Spoil.ForBodyValues)
                {
                    var body = request.Body.DeepClone();
                    Replace(body, path, spoil.Replace(original?.DeepClone()));
                    yield return ($"{spoil.Name} at {path}", good with { Body = Serialize(body) }, spoil.MustRefuse(original) && (!freeForm || spoil.Name.Contains("NUL") || spoil.Name.Contains("100k") || spoil.Name.Contains("surrogate") || spoil.Name.Contains("nesting")));
                }
            }

            var unknown = request.Body.DeepClone();
            unknown["unexpectedField"] = 1;
            yield return ("an unknown field", good with { Body = unknown.ToJsonString() }, true);
            // A null body is the absent body, which an operation with optional input accepts.
            yield return ("the body null", good with { Body = "null" }, false);
            foreach (var whole in new[] { "[]", "\"x\"", "42", "{\"a\":" })
            {
                yield return ($"the body {whole}", good with { Body = whole }, true);
            }
        }

        foreach (var (name, _) in request.RouteValues)
        {
            foreach (var (spoilName, value, mustRefuse, _) in Spoil.ForParameters.Where(spoil => spoil.Value.Length > 0 && spoil.InPathOrHeader))
            {
                var route = new Dictionary<string, string>(request.RouteValues) { [name] = value };
                yield return ($"{spoilName} as route value {name}", good with { Path = request.Path(route: route) }, mustRefuse);
            }
        }

        foreach (var (name, _) in request.QueryValues)
        {
            foreach (var (spoilName, value, mustRefuse, _) in Spoil.ForParameters)
            {
                var query = new Dictionary<string, string>(request.QueryValues) { [name] = value };
                yield return ($"{spoilName} as query value {name}", good with { Path = request.Path(query: query) }, mustRefuse);
            }
        }

        foreach (var (name, _) in request.HeaderValues)
        {
            foreach (var (spoilName, value, mustRefuse, _) in Spoil.ForParameters.Where(spoil => spoil.InPathOrHeader))
            {
                var headers = new Dictionary<string, string>(request.HeaderValues) { [name] = value };
                yield return ($"{spoilName} as header {name}", good with { Headers = headers }, mustRefuse);
            }
        }
    }

    // Every value in the body, containers included, by its path ("records[0].model").
    private static IEnumerable<(string Path, JsonNode? Value)> Leaves(JsonNode? node, string path)
    {
        if (path.Length > 0)
        {
            yield return (path, node);
        }

        switch (node)
        {
            case JsonObject obj:
                foreach (var (name, value) in obj)
                {
                    foreach (var leaf in Leaves(value, path.Length == 0 ? name : $"{path}.{name}"))
                    {
                        yield return leaf;
                    }
                }

                break;
            case JsonArray array when array.Count > 0:
                foreach (var leaf in Leaves(array[0], $"{path}[0]"))
                {
                    yield return leaf;
                }

                break;
        }
    }

    private static void Replace(JsonNode root, string path, JsonNode? value)
    {
        var parts = path.Replace("[0]", ".[0]", StringComparison.Ordinal).Split('.');
        var parent = root;
        foreach (var part in parts[..^1])
        {
            parent = part == "[0]" ? parent[0]! : parent[part]!;
        }

        if (parts[^1] == "[0]")
        {
            parent[0] = value;
        }
        else
        {
            parent[parts[^1]] = value;
        }
    }

    private static string Serialize(JsonNode node) =>
        node.ToJsonString().Replace(Spoil.LoneSurrogate, "\\ud800", StringComparison.Ordinal);

    private static async Task<ApiResponse> SendAsync(HttpClient client, Message message)
    {
        using var request = new HttpRequestMessage(new HttpMethod(message.Method), message.Path);
        if (message.Body is not null)
        {
            request.Content = new StringContent(message.Body, Encoding.UTF8, "application/json");
        }

        foreach (var (name, value) in message.Headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        JsonElement body;
        try
        {
            body = text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
        }
        catch (JsonException)
        {
            body = JsonSerializer.SerializeToElement(text);
        }

        return new ApiResponse(response.StatusCode, body);
    }

    private static string Shorten(JsonElement body) =>
        body.ValueKind == JsonValueKind.Undefined ? "(empty body)" : body.GetRawText() is { Length: > 300 } text ? text[..300] + "…" : body.GetRawText();

    private sealed record Message(string Method, string Path, string? Body, IReadOnlyDictionary<string, string> Headers);
}
