namespace AzureEventKit.Functions.Storage;

/// <summary>A table that one feature owns and that is created when the worker starts.</summary>
/// <param name="Name">The table name (3 to 63 letters and digits, starting with a letter).</param>
public sealed record OwnedTable(string Name);
