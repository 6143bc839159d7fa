namespace Aspire.Hosting.ApplicationModel;

/// <summary>A resource's state as text (one of <see cref="KnownResourceStates"/>).</summary>
public sealed record ResourceStateSnapshot(string Text)
{
    public static implicit operator ResourceStateSnapshot?(string? text) => text is null ? null : new(text);

    public override string ToString() => Text;
}
