using System.Text;

namespace DataAccess.LegacyRedis.Layout;

// SCAN MATCH patterns built from names we do not control (model names may hold * ? [ ] \).
public static class RedisGlob
{
    public static string Escape(string literal)
    {
        var escaped = new StringBuilder(literal.Length);
        foreach (var character in literal)
        {
            if (character is '*' or '?' or '[' or ']' or '\\')
            {
                escaped.Append('\\');
            }

            escaped.Append(character);
        }

        return escaped.ToString();
    }
}
