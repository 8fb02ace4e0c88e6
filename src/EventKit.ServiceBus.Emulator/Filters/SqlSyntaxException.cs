namespace EventKit.ServiceBus.Emulator.Filters;

/// <summary>Thrown when a SQL filter or action is outside the supported subset.</summary>
internal sealed class SqlSyntaxException : Exception
{
    public SqlSyntaxException()
    {
    }

    public SqlSyntaxException(string message)
        : base(message)
    {
    }

    public SqlSyntaxException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
