using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace DataService.Tests.Remote;

// Answers every request the same way, standing in for whatever sits between the client and
// the DataService (a proxy, a load balancer) or for the service itself.
public sealed class CannedAnswer(HttpStatusCode status, string? mediaType, string body) : HttpMessageHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
        if (mediaType is not null)
        {
            content.Headers.ContentType = new MediaTypeHeaderValue(mediaType);
        }

        return Task.FromResult(new HttpResponseMessage(status) { Content = content, RequestMessage = request });
    }
}
