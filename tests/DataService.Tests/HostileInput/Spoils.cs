using System.Text.Json.Nodes;

namespace DataService.Tests.HostileInput;

// The classes of bad input an attacker or a buggy client sends. MustRefuse says when the
// service has no business accepting the result: for the rest (a null where null may mean
// "none", a negative number where one may be allowed) the service may accept, but must still
// answer in the envelope and never with a 5xx.
public sealed record Spoil(string Name, Func<JsonNode?, JsonNode?> Replace, Func<JsonNode?, bool> MustRefuse)
{
    public const int HugeTextLength = 100_000;
    public const int LongListCount = 10_001;

    // Stands for a lone \ud800 escape, which no JSON writer produces: the sender writes it
    // into the body text itself.
    public const string LoneSurrogate = "__LONE_SURROGATE__";

    public static readonly IReadOnlyList<Spoil> ForBodyValues =
    [
        new("null", _ => null, _ => false),
        new("100k-character text", _ => new string('x', HugeTextLength), _ => true),
        new("text with NUL", _ => "a\u0000b", _ => true),
        new("text with an unpaired surrogate", _ => $"a{LoneSurrogate}b", _ => true),
        new("10k-item list", original => new JsonArray([.. Enumerable.Range(0, LongListCount).Select(_ => FirstItemOf(original))]), original => original is not JsonArray),
        new("number for text", _ => 99, original => original is JsonValue value && value.GetValueKind() == System.Text.Json.JsonValueKind.String),
        new("text for non-text", _ => "x", original => original is not JsonValue value || value.GetValueKind() != System.Text.Json.JsonValueKind.String),
        new("number beyond every type", _ => JsonNode.Parse("1e400"), original => original is JsonValue value && value.GetValueKind() == System.Text.Json.JsonValueKind.Number),
        new("int64 maximum", _ => long.MaxValue, _ => false),
        new("negative number", _ => -1, _ => false),
        new("nesting 100 deep", _ => Nested(100), _ => true),
    ];

    // Values for route, query and header parameters, which arrive as text. NUL cannot be
    // sent in a header, and the server refuses it in a path before the application sees it,
    // so those get the others.
    public static readonly IReadOnlyList<(string Name, string Value, bool MustRefuse, bool InPathOrHeader)> ForParameters =
    [
        ("text with NUL", "a\u0000b", true, false),
        ("10k-character text", new string('x', 10_000), true, true),
        ("number", "99", false, true),
        ("negative number", "-1", false, true),
        ("number beyond int64", "9223372036854775808", false, true),
        ("empty", "", false, true),
        ("injection", "' OR 1=1; DROP TABLE api_keys; --", false, true),
    ];

    private static JsonNode? FirstItemOf(JsonNode? original) =>
        original is JsonArray { Count: > 0 } array ? array[0]!.DeepClone() : "x";

    private static JsonNode Nested(int depth)
    {
        JsonNode node = "bottom";
        for (var i = 0; i < depth; i++)
        {
            node = new JsonObject { ["a"] = node };
        }

        return node;
    }
}
