using System.Text;

namespace EventKit.ServiceBus.Emulator.Filters;

/// <summary>Splits SQL filter text into tokens.</summary>
internal static class SqlLexer
{
    public static List<SqlToken> Tokenize(string text)
    {
        var tokens = new List<SqlToken>();
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
            }
            else if (c == '\'')
            {
                var start = i++;
                var value = new StringBuilder();
                while (true)
                {
                    if (i >= text.Length)
                    {
                        throw new SqlSyntaxException($"Unterminated string starting at position {start}.");
                    }

                    if (text[i] == '\'')
                    {
                        if (i + 1 < text.Length && text[i + 1] == '\'')
                        {
                            value.Append('\'');
                            i += 2;
                            continue;
                        }

                        i++;
                        break;
                    }

                    value.Append(text[i++]);
                }

                tokens.Add(new SqlToken(SqlTokenKind.String, value.ToString(), start));
            }
            else if (char.IsDigit(c) || (c == '.' && i + 1 < text.Length && char.IsDigit(text[i + 1])))
            {
                var start = i;
                while (i < text.Length && (char.IsDigit(text[i]) || text[i] == '.' || text[i] == 'e' || text[i] == 'E'))
                {
                    i++;
                }

                tokens.Add(new SqlToken(SqlTokenKind.Number, text[start..i], start));
            }
            else if (c == '[')
            {
                var end = text.IndexOf(']', i);
                if (end < 0)
                {
                    throw new SqlSyntaxException($"Unterminated '[' at position {i}.");
                }

                tokens.Add(new SqlToken(SqlTokenKind.Identifier, text[(i + 1)..end], i));
                i = end + 1;
            }
            else if (char.IsLetter(c) || c == '_' || c == '$' || c == '@')
            {
                var start = i;
                while (i < text.Length && (char.IsLetterOrDigit(text[i]) || text[i] == '_' || text[i] == '$' || text[i] == '@'))
                {
                    i++;
                }

                tokens.Add(new SqlToken(SqlTokenKind.Identifier, text[start..i], start));
            }
            else
            {
                var two = i + 1 < text.Length ? text.Substring(i, 2) : null;
                if (two is "<>" or "!=" or "<=" or ">=")
                {
                    tokens.Add(new SqlToken(SqlTokenKind.Symbol, two, i));
                    i += 2;
                }
                else if ("=<>(),+-*/%;.".Contains(c, StringComparison.Ordinal))
                {
                    tokens.Add(new SqlToken(SqlTokenKind.Symbol, c.ToString(), i));
                    i++;
                }
                else
                {
                    throw new SqlSyntaxException($"Unexpected character '{c}' at position {i}.");
                }
            }
        }

        tokens.Add(new SqlToken(SqlTokenKind.End, string.Empty, text.Length));
        return tokens;
    }
}
