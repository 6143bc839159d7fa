namespace Gateway.Forwarding;

// Sends a request body the gateway has already read whole (for its model and session) from
// memory, with its length, so that HttpClient writes it together with the headers, in one
// send. YARP's own request content streams the client's body and flushes the headers before
// it: a second send to the upstream, and a second read there, on every request. YARP does
// not let a transform replace its content (it tracks the copy), so the swap happens here, in
// the upstream client below YARP, for requests the transformer marked. With the whole body
// in hand, an Expect: 100-continue has nothing left to hold back.
public sealed class BufferedBodyHandler(HttpMessageHandler inner) : DelegatingHandler(inner)
{
    public static readonly HttpRequestOptionsKey<RequestBody> Body = new("Gateway.BufferedBody");

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.Options.TryGetValue(Body, out var body) && request.Content is { } streamed)
        {
            var buffered = body.CreateContent();
            foreach (var (name, values) in streamed.Headers.NonValidated)
            {
                if (!name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
                {
                    buffered.Headers.TryAddWithoutValidation(name, values);
                }
            }

            request.Content = buffered;
            request.Headers.ExpectContinue = null;
        }

        return base.SendAsync(request, cancellationToken);
    }
}
