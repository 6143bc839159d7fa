namespace DataService.Tests.Remote;

// Lets every POST through to the DataService, then loses the answer to its first attempt, as
// a connection dropped after the server acted on the request would. The retry gets through.
public sealed class LostFirstAnswers
{
    private readonly HashSet<HttpRequestMessage> _lost = [];

    public int Lost
    {
        get
        {
            lock (_lost)
            {
                return _lost.Count;
            }
        }
    }

    public DelegatingHandler CreateHandler() => new Handler(this);

    private bool LoseFirstAnswerTo(HttpRequestMessage request)
    {
        lock (_lost)
        {
            return request.Method == HttpMethod.Post && _lost.Add(request);
        }
    }

    private sealed class Handler(LostFirstAnswers answers) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = await base.SendAsync(request, cancellationToken);
            if (!answers.LoseFirstAnswerTo(request))
            {
                return response;
            }

            response.Dispose();
            throw new HttpRequestException(HttpRequestError.ResponseEnded, "The connection closed before the answer arrived.");
        }
    }
}
