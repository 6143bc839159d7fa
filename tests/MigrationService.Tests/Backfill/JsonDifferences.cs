using System.Text.Json.Nodes;

namespace MigrationService.Tests.Backfill;

// Where two JSON answers differ, as paths with both values, for a failure message an engineer
// can act on without diffing two long documents by eye.
internal static class JsonDifferences
{
    public static IEnumerable<string> Between(string before, string after)
    {
        if (!before.StartsWith('{') && !before.StartsWith('[') || !after.StartsWith('{') && !after.StartsWith('['))
        {
            return before == after ? [] : [$"$: {before} -> {after}"];
        }

        return Between("$", JsonNode.Parse(before), JsonNode.Parse(after));
    }

    private static IEnumerable<string> Between(string path, JsonNode? before, JsonNode? after)
    {
        switch (before, after)
        {
            case (JsonObject left, JsonObject right):
                foreach (var name in left.Select(property => property.Key).Union(right.Select(property => property.Key)).Order(StringComparer.Ordinal))
                {
                    var inner = $"{path}.{name}";
                    if (!left.ContainsKey(name) || !right.ContainsKey(name))
                    {
                        yield return $"{inner}: {Text(left[name], left.ContainsKey(name))} -> {Text(right[name], right.ContainsKey(name))}";
                        continue;
                    }

                    foreach (var difference in Between(inner, left[name], right[name]))
                    {
                        yield return difference;
                    }
                }

                break;
            case (JsonArray left, JsonArray right):
                if (left.Count != right.Count)
                {
                    yield return $"{path}: {left.Count} items -> {right.Count} items";
                }

                for (var index = 0; index < Math.Min(left.Count, right.Count); index++)
                {
                    foreach (var difference in Between($"{path}[{index}]", left[index], right[index]))
                    {
                        yield return difference;
                    }
                }

                break;
            default:
                if (!JsonNode.DeepEquals(before, after))
                {
                    yield return $"{path}: {Text(before, true)} -> {Text(after, true)}";
                }

                break;
        }
    }

    private static string Text(JsonNode? node, bool present) => present ? node?.ToJsonString() ?? "null" : "(absent)";
}
