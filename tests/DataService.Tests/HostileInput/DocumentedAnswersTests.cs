using System.Net;
using System.Text;
using System.Text.Json;
using DataService.Tests.Support;

namespace DataService.Tests.HostileInput;

// Calls every operation the way /openapi/v1.json describes it, as a generated client would:
// only documented parameter names, and every answer's status one the document lists for
// that operation, with the envelope schema it names.
public sealed class DocumentedAnswersTests(HostileInputFactory service) : IClassFixture<HostileInputFactory>
{
    [Fact]
    public async Task Every_operation_answers_as_documented()
    {
        using var document = await service.OpenApiDocumentAsync();
        var paths = document.RootElement.GetProperty("paths");
        var failures = new List<string>();
        foreach (var request in GoodRequests.For(service).OrderBy(request => request.Method == "DELETE"))
        {
            var operation = paths.GetProperty(request.Template).GetProperty(request.Method.ToLowerInvariant());
            var parameters = operation.TryGetProperty("parameters", out var list)
                ? list.EnumerateArray().Select(parameter => (parameter.GetProperty("in").GetString(), parameter.GetProperty("name").GetString())).ToHashSet()
                : [];
            failures.AddRange(request.QueryValues.Keys.Where(name => !parameters.Contains(("query", name))).Select(name => $"{request.Operation}: query parameter {name} is not documented"));
            failures.AddRange(request.RouteValues.Keys.Where(name => !parameters.Contains(("path", name))).Select(name => $"{request.Operation}: route value {name} is not documented"));
            failures.AddRange(request.HeaderValues.Keys.Where(name => !parameters.Contains(("header", name))).Select(name => $"{request.Operation}: header {name} is not documented"));

            using var message = new HttpRequestMessage(new HttpMethod(request.Method), request.Path());
            if (request.Body is not null)
            {
                message.Content = new StringContent(request.Body.ToJsonString(), Encoding.UTF8, "application/json");
            }

            foreach (var (name, value) in request.HeaderValues)
            {
                message.Headers.Add(name, value);
            }

            var answer = await ApiResponse.ReadAsync(await service.Admin().SendAsync(message));
            var responses = operation.GetProperty("responses");
            if (!responses.TryGetProperty(((int)answer.Status).ToString(System.Globalization.CultureInfo.InvariantCulture), out var documented))
            {
                failures.Add($"{request.Operation}: answered {(int)answer.Status}, which the document does not list");
            }
            else if (answer.Status is HttpStatusCode.OK or HttpStatusCode.Created
                && !EnvelopeReference(documented.GetProperty("content").GetProperty("application/json").GetProperty("schema")).Contains("DataResult", StringComparison.Ordinal))
            {
                failures.Add($"{request.Operation}: the {(int)answer.Status} answer is documented without the envelope schema");
            }
        }

        Assert.True(failures.Count == 0, string.Join('\n', failures));
    }

    // The envelope itself, or (where the seed puts a field beside success) the envelope the
    // answer's allOf extends.
    private static string EnvelopeReference(JsonElement schema) =>
        (schema.TryGetProperty("allOf", out var parts) ? parts[0] : schema).GetProperty("$ref").GetString()!;
}
