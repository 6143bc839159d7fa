using System.Globalization;

namespace ServiceDefaults.Redis;

// Redis prints floating-point replies as plain decimals, "inf"/"-inf" for infinities.
internal static class RedisNumbers
{
    public static bool TryParseDouble(string? text, out double value)
    {
        switch (text)
        {
            case "inf" or "+inf":
                value = double.PositiveInfinity;
                return true;
            case "-inf":
                value = double.NegativeInfinity;
                return true;
            default:
                return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
        }
    }
}
