using System.Globalization;

namespace Benchmarks;

// "--name value" pairs with defaults.
internal sealed class BenchmarkArguments(string[] args)
{
    public int Integer(string name, int fallback)
    {
        var index = Array.IndexOf(args, "--" + name);
        return index >= 0 && index + 1 < args.Length ? int.Parse(args[index + 1], CultureInfo.InvariantCulture) : fallback;
    }

    public string? Text(string name)
    {
        var index = Array.IndexOf(args, "--" + name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
    }
}
