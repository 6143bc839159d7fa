using System.Diagnostics.Metrics;
using Gateway.Usage;

namespace Gateway.Telemetry;

// The gateway's instruments (meter "Gateway"): requests by route and status, limit and auth
// rejections by reason, upstream latency to the response headers, the time the gateway
// spends before forwarding, tokens and cost by model, and account rests by reason.
public sealed class GatewayMetrics
{
    public const string MeterName = "Gateway";

    private readonly Counter<long> _requests;
    private readonly Counter<long> _rejections;
    private readonly Histogram<double> _upstreamLatency;
    private readonly Histogram<double> _timeAdded;
    private readonly Counter<long> _tokens;
    private readonly Counter<double> _cost;
    private readonly Counter<long> _accountRests;

    public GatewayMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        _requests = meter.CreateCounter<long>("gateway.requests", "{request}", "Requests answered, by route and status.");
        _rejections = meter.CreateCounter<long>("gateway.rejections", "{request}", "Requests refused by the gateway itself, by reason.");
        _upstreamLatency = meter.CreateHistogram<double>("gateway.upstream.latency", "s", "Time from sending a request upstream to its response headers.");
        _timeAdded = meter.CreateHistogram<double>("gateway.time_added", "s", "Time the gateway spends on a request before forwarding it (auth, limits, account choice).");
        _tokens = meter.CreateCounter<long>("gateway.tokens", "{token}", "Tokens reported by the upstream, by model and kind.");
        _cost = meter.CreateCounter<double>("gateway.cost", "USD", "Cost of the recorded usage, by model.");
        _accountRests = meter.CreateCounter<long>("gateway.account.rests", "{rest}", "Accounts put to rest after an upstream answer, by reason.");
    }

    public void Answered(string route, int status) =>
        _requests.Add(1, new KeyValuePair<string, object?>("route", route), new KeyValuePair<string, object?>("status", status));

    public void Rejected(string reason) => _rejections.Add(1, new KeyValuePair<string, object?>("reason", reason));

    public void UpstreamLatency(TimeSpan elapsed, int status) =>
        _upstreamLatency.Record(elapsed.TotalSeconds, new KeyValuePair<string, object?>("status", status));

    public void TimeAdded(TimeSpan elapsed) => _timeAdded.Record(elapsed.TotalSeconds);

    public void Usage(string model, TokenUsage usage, decimal cost)
    {
        var tag = new KeyValuePair<string, object?>("model", model);
        _tokens.Add(usage.Input, tag, new KeyValuePair<string, object?>("kind", "input"));
        _tokens.Add(usage.Output, tag, new KeyValuePair<string, object?>("kind", "output"));
        _tokens.Add(usage.CacheCreate, tag, new KeyValuePair<string, object?>("kind", "cache_create"));
        _tokens.Add(usage.CacheRead, tag, new KeyValuePair<string, object?>("kind", "cache_read"));
        _cost.Add((double)cost, tag);
    }

    public void AccountRested(string reason) => _accountRests.Add(1, new KeyValuePair<string, object?>("reason", reason));
}
