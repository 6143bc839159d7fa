using System.Net.Http.Json;

namespace DataAccess.Remote;

// Requests to the DataService API: paths relative to its base address, bodies in its JSON.
internal static class DataServiceRequest
{
    public static HttpRequestMessage Get(string path) => new(HttpMethod.Get, path);

    public static HttpRequestMessage Delete(string path) => new(HttpMethod.Delete, path);

    public static HttpRequestMessage Post(string path, object? body = null) => WithBody(HttpMethod.Post, path, body);

    public static HttpRequestMessage Put(string path, object body) => WithBody(HttpMethod.Put, path, body);

    public static HttpRequestMessage Patch(string path, object body) => WithBody(HttpMethod.Patch, path, body);

    private static HttpRequestMessage WithBody(HttpMethod method, string path, object? body) => new(method, path)
    {
        Content = body is null ? null : JsonContent.Create(body, body.GetType(), options: DataServiceJson.Options),
    };
}
