using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace DataService.Tests.Support;

// A response with its envelope read, for assertions.
public sealed record ApiResponse(HttpStatusCode Status, JsonElement Body)
{
    public bool Success => Body.GetProperty("success").GetBoolean();

    public JsonElement Data => Body.TryGetProperty("data", out var data) ? data : throw new InvalidOperationException($"The answer has no data: {(int)Status} {Body}");

    public string? Code => Body.TryGetProperty("code", out var code) ? code.GetString() : null;

    public string? Error => Body.TryGetProperty("error", out var error) ? error.GetString() : null;

    public string? Field => Body.TryGetProperty("field", out var value) ? value.GetString() : null;

    public static async Task<ApiResponse> ReadAsync(HttpResponseMessage response)
    {
        using (response)
        {
            var text = await response.Content.ReadAsStringAsync();
            var body = text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
            return new ApiResponse(response.StatusCode, body);
        }
    }
}

public static class HttpClientApiExtensions
{
    public static async Task<ApiResponse> GetApiAsync(this HttpClient client, string path) =>
        await ApiResponse.ReadAsync(await client.GetAsync(path));

    public static async Task<ApiResponse> PostApiAsync(this HttpClient client, string path, object? body = null) =>
        await ApiResponse.ReadAsync(await client.PostAsJsonAsync(path, body ?? new { }));

    public static async Task<ApiResponse> PostRawAsync(this HttpClient client, string path, string json) =>
        await ApiResponse.ReadAsync(await client.PostAsync(path, new StringContent(json, System.Text.Encoding.UTF8, "application/json")));

    public static async Task<ApiResponse> PatchApiAsync(this HttpClient client, string path, object body) =>
        await ApiResponse.ReadAsync(await client.PatchAsJsonAsync(path, body));

    public static async Task<ApiResponse> PutApiAsync(this HttpClient client, string path, object body) =>
        await ApiResponse.ReadAsync(await client.PutAsJsonAsync(path, body));

    public static async Task<ApiResponse> DeleteApiAsync(this HttpClient client, string path) =>
        await ApiResponse.ReadAsync(await client.DeleteAsync(path));
}
