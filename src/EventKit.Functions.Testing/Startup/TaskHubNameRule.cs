using System.Text.RegularExpressions;

namespace EventKit.Functions.Testing.Startup;

/// <summary>
/// The Durable Azure Storage backend's rule for task hub names: letters and digits only, starting with a letter, 3 to 45
/// characters. The backend derives its queue, table and blob container names from the hub name, so a name outside the
/// rule fails at the first start in Azure, whatever backend ran it locally.
/// </summary>
internal static partial class TaskHubNameRule
{
    public const string Description = "letters and digits only, starting with a letter, 3 to 45 characters";

    public static bool Accepts(string name) => ValidName().IsMatch(name);

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9]{2,44}$", RegexOptions.CultureInvariant)]
    private static partial Regex ValidName();
}
