using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace DataService.Tests.Monitoring;

// The calls the monitoring tests make, reading the result envelope { success, data, error, code }.
internal static class AdminApi
{
    public static async Task<JsonElement> GetDataAsync(this HttpClient client, string path)
    {
        using var response = await client.GetAsync(path);
        return await DataOfAsync(response);
    }

    public static async Task<JsonElement> PostDataAsync(this HttpClient client, string path, object body)
    {
        using var response = await client.PostAsJsonAsync(path, body);
        return await DataOfAsync(response);
    }

    public static async Task<(HttpStatusCode Status, JsonElement Body)> SendAsync(this HttpClient client, HttpMethod method, string path, object? body = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        using var response = await client.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadFromJsonAsync<JsonElement>());
    }

    public static Task<JsonElement> GetMetricsAsync(this HttpClient client, string timeRange = "5m") =>
        client.GetDataAsync($"/api/v1/monitoring/metrics?timeRange={timeRange}");

    private static async Task<JsonElement> DataOfAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {body}");
        return body.GetProperty("data");
    }
}
