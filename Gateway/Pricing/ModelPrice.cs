namespace Gateway.Pricing;

// USD per token, as the LiteLLM price list gives them. CacheWrite1h is null when the list
// has no one-hour price for the model.
public sealed record ModelPrice(
    decimal Input,
    decimal Output,
    decimal CacheWrite,
    decimal CacheRead,
    decimal? CacheWrite1h,
    string? Provider);
