namespace Aspire.Hosting.ApplicationModel;

/// <summary>
/// A value the app model passes to resources: a password, a token, an operator's setting. The
/// value comes from configuration key <c>Parameters:{name}</c>, else from the default; it is
/// worked out once, on first use.
/// </summary>
public sealed class ParameterResource : Resource
{
    private readonly Lazy<string> _value;

    public ParameterResource(string name, Func<ParameterDefault?, string> resolveValue, bool secret = false)
        : base(name)
    {
        _value = new(() => resolveValue(Default));
        Secret = secret;
    }

    /// <summary>A secret value never appears in logs or console output.</summary>
    public bool Secret { get; }

    public ParameterDefault? Default { get; set; }

    public ValueTask<string?> GetValueAsync(CancellationToken cancellationToken = default) => ValueTask.FromResult<string?>(_value.Value);

    internal string Value => _value.Value;
}
