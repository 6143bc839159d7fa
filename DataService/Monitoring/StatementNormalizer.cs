using System.Text;
using System.Text.RegularExpressions;

namespace DataService.Monitoring;

// Reduces a SQL statement to its shape, so executions that differ only in their values are
// counted as one statement: string, numeric and dollar-quoted literals become ?, comments
// go, whitespace collapses to single spaces, IN lists collapse to IN (...) and multi-row
// VALUES keep their first row. Parameters ($1, @name) stay: they already are placeholders.
public static partial class StatementNormalizer
{
    // Statements are kept in memory per distinct shape; a generated statement can be huge.
    public const int MaxLength = 2048;

    public static string Normalize(string sql)
    {
        var shape = ReplaceLiterals(sql);
        shape = InList().Replace(shape, "$1 (...)");
        shape = MultiRowValues().Replace(shape, "$1 $2, ...");
        return shape.Length <= MaxLength ? shape : shape[..MaxLength];
    }

    private static string ReplaceLiterals(string sql)
    {
        var shape = new StringBuilder(Math.Min(sql.Length, MaxLength * 2));
        var separate = false;
        var i = 0;
        while (i < sql.Length)
        {
            var start = i;
            var character = sql[i];
            if (char.IsWhiteSpace(character) || StartsComment(sql, i))
            {
                i = char.IsWhiteSpace(character) ? i + 1 : EndOfComment(sql, i);
                separate = shape.Length > 0;
                continue;
            }

            if (separate)
            {
                shape.Append(' ');
                separate = false;
            }

            if (character == '\'' || (IsStringPrefix(character) && At(sql, i + 1) == '\'' && !IsIdentifierPart(At(sql, i - 1))))
            {
                i = EndOfString(sql, character == '\'' ? i : i + 1, backslashEscapes: character is 'E' or 'e');
                shape.Append('?');
            }
            else if (character == '"')
            {
                i = EndOfQuoted(sql, i, '"');
                shape.Append(sql, start, i - start);
            }
            else if (character == '$' && DollarQuoteTagLength(sql, i) is > 0 and var tagLength)
            {
                var close = sql.IndexOf(sql.Substring(i, tagLength), i + tagLength, StringComparison.Ordinal);
                i = close < 0 ? sql.Length : close + tagLength;
                shape.Append('?');
            }
            else if ((char.IsAsciiDigit(character) || (character == '.' && char.IsAsciiDigit(At(sql, i + 1)))) && !IsIdentifierPart(At(sql, i - 1)))
            {
                i = EndOfNumber(sql, i);
                shape.Append('?');
            }
            else if (IsIdentifierPart(character))
            {
                // Identifiers and $1-style parameters are copied whole, digits included.
                while (i < sql.Length && IsIdentifierPart(sql[i]))
                {
                    i++;
                }

                shape.Append(sql, start, i - start);
            }
            else
            {
                shape.Append(character);
                i++;
            }
        }

        return shape.ToString();
    }

    private static char At(string sql, int index) => index >= 0 && index < sql.Length ? sql[index] : '\0';

    private static bool IsIdentifierPart(char character) => char.IsLetterOrDigit(character) || character is '_' or '$';

    // E'...' (escapes), B'...' (bits), X'...' (hex), N'...' (national).
    private static bool IsStringPrefix(char character) => character is 'E' or 'e' or 'B' or 'b' or 'X' or 'x' or 'N' or 'n';

    private static bool StartsComment(string sql, int i) =>
        (sql[i] == '-' && At(sql, i + 1) == '-') || (sql[i] == '/' && At(sql, i + 1) == '*');

    private static int EndOfComment(string sql, int i)
    {
        if (sql[i] == '-')
        {
            var newline = sql.IndexOf('\n', i);
            return newline < 0 ? sql.Length : newline + 1;
        }

        var close = sql.IndexOf("*/", i + 2, StringComparison.Ordinal);
        return close < 0 ? sql.Length : close + 2;
    }

    // A quote is escaped by doubling it; in E'' strings a backslash escapes the next character.
    private static int EndOfString(string sql, int openingQuote, bool backslashEscapes)
    {
        var i = openingQuote + 1;
        while (i < sql.Length)
        {
            if (backslashEscapes && sql[i] == '\\')
            {
                i += 2;
            }
            else if (sql[i] == '\'')
            {
                if (At(sql, i + 1) != '\'')
                {
                    return i + 1;
                }

                i += 2;
            }
            else
            {
                i++;
            }
        }

        return sql.Length;
    }

    private static int EndOfQuoted(string sql, int opening, char quote)
    {
        var i = opening + 1;
        while (i < sql.Length)
        {
            if (sql[i] == quote && At(sql, i + 1) != quote)
            {
                return i + 1;
            }

            i += sql[i] == quote ? 2 : 1;
        }

        return sql.Length;
    }

    // $$ or $tag$ opens a dollar-quoted string; $1 is a parameter, not a tag.
    private static int DollarQuoteTagLength(string sql, int i)
    {
        var end = i + 1;
        if (char.IsAsciiDigit(At(sql, end)))
        {
            return 0;
        }

        while (end < sql.Length && (char.IsLetterOrDigit(sql[end]) || sql[end] == '_'))
        {
            end++;
        }

        return At(sql, end) == '$' ? end - i + 1 : 0;
    }

    // 42, 4.2, .5, 1e-3, 0x1F, 1_000.
    private static int EndOfNumber(string sql, int start)
    {
        var hexadecimal = sql[start] == '0' && At(sql, start + 1) is 'x' or 'X';
        var i = start;
        while (i < sql.Length)
        {
            var character = sql[i];
            var exponentSign = !hexadecimal && character is '+' or '-' && At(sql, i - 1) is 'e' or 'E' && char.IsAsciiDigit(At(sql, i + 1));
            if (!char.IsAsciiLetterOrDigit(character) && character is not '.' and not '_' && !exponentSign)
            {
                return i;
            }

            i++;
        }

        return i;
    }

    [GeneratedRegex(@"\b(IN) ?\( ?(?:\?|\$\d+|@\w+)(?: ?, ?(?:\?|\$\d+|@\w+))* ?\)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex InList();

    [GeneratedRegex(@"\b(VALUES) ?(\([^()]*\))(?: ?, ?\([^()]*\))+", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex MultiRowValues();
}
