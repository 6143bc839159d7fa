using System.Text.Json;

namespace Gateway.Tests.Support;

public static class AssertError
{
    // The body is exactly {"type":"error","error":{"type":type,"message":message}}.
    public static async Task IsAsync(HttpResponseMessage response, string type, string message)
    {
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("error", body.RootElement.GetProperty("type").GetString());
        var error = body.RootElement.GetProperty("error");
        Assert.Equal(type, error.GetProperty("type").GetString());
        Assert.Equal(message, error.GetProperty("message").GetString());
        Assert.Equal(2, error.EnumerateObject().Count());
    }
}
