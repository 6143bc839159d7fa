namespace Gateway.Forwarding;

// A relayed request's ending (its lease given back, its usage recorded), run once by
// whichever comes first: the answer's last bytes about to go out (AnswerStream), the
// answer copied but the response not yet completed, or the request failing or abandoned.
public sealed class RequestEnding(Action<UpstreamAttempt?> end)
{
    private int _ended;

    public void End(UpstreamAttempt? attempt)
    {
        if (Interlocked.Exchange(ref _ended, 1) == 0)
        {
            end(attempt);
        }
    }
}
