using Gateway.Routing;

namespace Gateway.Limits;

public enum LimitRejection
{
    None,
    Concurrency,
    WindowRequests,
    WindowTokens,
    DailyCost,
    TotalTokens,
}

// How an admitted request holds its concurrency lease: none (the key has no concurrency
// limit), a member of the key's sorted set, or a count in the legacy string counter.
public enum LeaseForm
{
    None,
    SortedSet,
    Counter,
}

// The outcome of the limit check: admitted (holding a lease when the key has a concurrency
// limit, and the sticky mapping the script read on the way) or refused with a reason.
public readonly record struct LimitDecision(LimitRejection Rejection, AnthropicError? Error, string? StickyMapping)
{
    public bool Admitted => Rejection == LimitRejection.None;
}
