namespace EventKit.ServiceBus.Emulator.Filters;

/// <summary>
/// Parses the supported SQL subset: comparisons, AND/OR/NOT, [NOT] IN, [NOT] LIKE [ESCAPE], IS [NOT] NULL,
/// EXISTS, arithmetic, literals, <c>sys.*</c> and user properties; and SET/REMOVE actions.
/// </summary>
internal sealed class SqlParser
{
    /// <summary>How deep an expression may nest: parentheses, NOT, unary signs and each chained operator add a level.</summary>
    public const int MaxNestingDepth = 128;

    private readonly List<SqlToken> tokens;
    private int position;
    private int nesting;

    private SqlParser(string text)
    {
        tokens = SqlLexer.Tokenize(text);
    }

    private SqlToken Current => tokens[position];

    public static SqlExpression ParseFilter(string text)
    {
        var parser = new SqlParser(text);
        var expression = Bounded(parser.ParseOr());
        parser.ExpectEnd();
        return expression;
    }

    public static IReadOnlyList<SqlActionStatement> ParseAction(string text)
    {
        var parser = new SqlParser(text);
        var statements = new List<SqlActionStatement>();
        while (parser.Current.Kind != SqlTokenKind.End)
        {
            if (parser.Current.IsSymbol(";"))
            {
                parser.position++;
                continue;
            }

            if (parser.Current.IsKeyword("SET"))
            {
                parser.position++;
                var target = parser.ParsePropertyReference();
                parser.Expect("=");
                statements.Add(new SqlActionStatement(target, Bounded(parser.ParseAdditive())));
            }
            else if (parser.Current.IsKeyword("REMOVE"))
            {
                parser.position++;
                statements.Add(new SqlActionStatement(parser.ParsePropertyReference(), null));
            }
            else
            {
                throw new SqlSyntaxException($"Expected SET or REMOVE at position {parser.Current.Position}.");
            }
        }

        if (statements.Count == 0)
        {
            throw new SqlSyntaxException("An action needs at least one SET or REMOVE statement.");
        }

        foreach (var statement in statements)
        {
            if (statement.Target.IsSystem)
            {
                throw new SqlSyntaxException($"Actions can change user properties only; '{statement.Target}' is a system property.");
            }
        }

        return statements;
    }

    /// <summary>
    /// Refuses an expression deeper than <see cref="MaxNestingDepth"/>: rules come from topology files, the rule manager
    /// and raw AMQP clients, and evaluating (or parsing) an unbounded tree recursively would overflow the stack.
    /// </summary>
    private static SqlExpression Bounded(SqlExpression expression) =>
        expression.Depth > MaxNestingDepth ? throw TooDeep() : expression;

    private static SqlSyntaxException TooDeep() =>
        new($"The expression nests deeper than {MaxNestingDepth} levels (parentheses, NOT, signs and each chained operator add one).");

    /// <summary>Enters one level of parser recursion, refusing to go deeper than the limit before the stack does.</summary>
    private T Nested<T>(Func<T> parse)
    {
        if (++nesting > MaxNestingDepth)
        {
            throw TooDeep();
        }

        try
        {
            return parse();
        }
        finally
        {
            nesting--;
        }
    }

    private void ExpectEnd()
    {
        if (Current.Kind != SqlTokenKind.End)
        {
            throw new SqlSyntaxException($"Unexpected '{Current.Text}' at position {Current.Position}.");
        }
    }

    private void Expect(string symbol)
    {
        if (!Current.IsSymbol(symbol))
        {
            throw new SqlSyntaxException($"Expected '{symbol}' at position {Current.Position}, found '{Current.Text}'.");
        }

        position++;
    }

    private bool TakeKeyword(string keyword)
    {
        if (Current.IsKeyword(keyword))
        {
            position++;
            return true;
        }

        return false;
    }

    private SqlExpression ParseOr()
    {
        var left = ParseAnd();
        while (TakeKeyword("OR"))
        {
            left = new OrExpression(left, ParseAnd());
        }

        return left;
    }

    private SqlExpression ParseAnd()
    {
        var left = ParseNot();
        while (TakeKeyword("AND"))
        {
            left = new AndExpression(left, ParseNot());
        }

        return left;
    }

    private SqlExpression ParseNot() => TakeKeyword("NOT") ? new NotExpression(Nested(ParseNot)) : ParsePredicate();

    private SqlExpression ParsePredicate()
    {
        var left = ParseAdditive();
        if (Current.Kind == SqlTokenKind.Symbol && Current.Text is "=" or "<>" or "!=" or "<" or "<=" or ">" or ">=")
        {
            var op = Current.Text;
            position++;
            return new ComparisonExpression(op, left, ParseAdditive());
        }

        if (TakeKeyword("IS"))
        {
            var negated = TakeKeyword("NOT");
            if (!TakeKeyword("NULL"))
            {
                throw new SqlSyntaxException($"Expected NULL at position {Current.Position}.");
            }

            return new IsNullExpression(left, negated);
        }

        var not = TakeKeyword("NOT");
        if (TakeKeyword("IN"))
        {
            Expect("(");
            var candidates = new List<SqlExpression> { ParseAdditive() };
            while (Current.IsSymbol(","))
            {
                position++;
                candidates.Add(ParseAdditive());
            }

            Expect(")");
            return new InExpression(left, candidates, not);
        }

        if (TakeKeyword("LIKE"))
        {
            var pattern = ExpectString();
            char? escape = null;
            if (TakeKeyword("ESCAPE"))
            {
                var escapeText = ExpectString();
                if (escapeText.Length != 1)
                {
                    throw new SqlSyntaxException("ESCAPE takes exactly one character.");
                }

                escape = escapeText[0];
            }

            return new LikeExpression(left, pattern, escape, not);
        }

        if (not)
        {
            throw new SqlSyntaxException($"Expected IN or LIKE after NOT at position {Current.Position}.");
        }

        return left;
    }

    private string ExpectString()
    {
        if (Current.Kind != SqlTokenKind.String)
        {
            throw new SqlSyntaxException($"Expected a string literal at position {Current.Position}.");
        }

        return tokens[position++].Text;
    }

    private SqlExpression ParseAdditive()
    {
        var left = ParseMultiplicative();
        while (Current.IsSymbol("+") || Current.IsSymbol("-"))
        {
            var op = tokens[position++].Text[0];
            left = new ArithmeticExpression(op, left, ParseMultiplicative());
        }

        return left;
    }

    private SqlExpression ParseMultiplicative()
    {
        var left = ParseUnary();
        while (Current.IsSymbol("*") || Current.IsSymbol("/") || Current.IsSymbol("%"))
        {
            var op = tokens[position++].Text[0];
            left = new ArithmeticExpression(op, left, ParseUnary());
        }

        return left;
    }

    private SqlExpression ParseUnary()
    {
        if (Current.IsSymbol("-"))
        {
            position++;
            return new NegateExpression(Nested(ParseUnary));
        }

        if (Current.IsSymbol("+"))
        {
            position++;
        }

        return ParsePrimary();
    }

    private SqlExpression ParsePrimary()
    {
        var token = Current;
        switch (token.Kind)
        {
            case SqlTokenKind.String:
                position++;
                return new LiteralExpression(token.Text);
            case SqlTokenKind.Number:
                position++;
                return new LiteralExpression(SqlValues.ParseNumber(token.Text));
            case SqlTokenKind.Symbol when token.Text == "(":
                position++;
                var inner = Nested(ParseOr);
                Expect(")");
                return inner;
            case SqlTokenKind.Identifier when token.IsKeyword("TRUE"):
                position++;
                return new LiteralExpression(true);
            case SqlTokenKind.Identifier when token.IsKeyword("FALSE"):
                position++;
                return new LiteralExpression(false);
            case SqlTokenKind.Identifier when token.IsKeyword("NULL"):
                position++;
                return new LiteralExpression(null);
            case SqlTokenKind.Identifier when token.IsKeyword("EXISTS"):
                position++;
                Expect("(");
                var reference = ParsePropertyReference();
                Expect(")");
                return new ExistsExpression(reference);
            case SqlTokenKind.Identifier:
                return new PropertyExpression(ParsePropertyReference());
            default:
                throw new SqlSyntaxException($"Unexpected '{token.Text}' at position {token.Position}.");
        }
    }

    private PropertyReference ParsePropertyReference()
    {
        if (Current.Kind != SqlTokenKind.Identifier)
        {
            throw new SqlSyntaxException($"Expected a property name at position {Current.Position}.");
        }

        var first = tokens[position++].Text;
        if (Current.IsSymbol(".") && (string.Equals(first, "sys", StringComparison.OrdinalIgnoreCase) || string.Equals(first, "user", StringComparison.OrdinalIgnoreCase)))
        {
            position++;
            if (Current.Kind != SqlTokenKind.Identifier)
            {
                throw new SqlSyntaxException($"Expected a property name after '{first}.' at position {Current.Position}.");
            }

            var name = tokens[position++].Text;
            return new PropertyReference(string.Equals(first, "sys", StringComparison.OrdinalIgnoreCase), name);
        }

        return new PropertyReference(false, first);
    }
}
