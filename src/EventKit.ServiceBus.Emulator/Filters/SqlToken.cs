namespace EventKit.ServiceBus.Emulator.Filters;

internal enum SqlTokenKind
{
    End,
    Identifier,
    String,
    Number,
    Symbol,
}

/// <summary>A lexical token of the SQL filter language.</summary>
internal readonly record struct SqlToken(SqlTokenKind Kind, string Text, int Position)
{
    public bool IsKeyword(string keyword) => Kind == SqlTokenKind.Identifier && string.Equals(Text, keyword, StringComparison.OrdinalIgnoreCase);

    public bool IsSymbol(string symbol) => Kind == SqlTokenKind.Symbol && Text == symbol;
}
