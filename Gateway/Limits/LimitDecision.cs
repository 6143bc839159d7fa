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

// The names the ledger script gives the lease forms.
public static class LeaseForms
{
    public static string Name(LeaseForm form) => form switch
    {
        LeaseForm.SortedSet => "zset",
        LeaseForm.Counter => "counter",
        _ => "none",
    };

    public static LeaseForm Parse(string? name) => name switch
    {
        "zset" => LeaseForm.SortedSet,
        "counter" => LeaseForm.Counter,
        _ => LeaseForm.None,
    };
}

// The outcome of the limit check: admitted (holding a lease in the given form, and the sticky
// mapping the script read on the way) or refused with a reason.
public readonly record struct LimitDecision(LimitRejection Rejection, AnthropicError? Error, string? StickyMapping, LeaseForm Lease = LeaseForm.None)
{
    public bool Admitted => Rejection == LimitRejection.None;
}
