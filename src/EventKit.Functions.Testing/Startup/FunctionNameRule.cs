using System.Text.RegularExpressions;

namespace EventKit.Functions.Testing.Startup;

/// <summary>
/// The Functions host's rule for function names: a letter, then letters, digits, '_' or '-', at most 128 characters in
/// all, case-insensitive, and never "host" (the host's own admin route).
/// </summary>
internal static partial class FunctionNameRule
{
    public static bool Accepts(string name) => ValidName().IsMatch(name);

    [GeneratedRegex(@"^[a-z][a-z0-9_\-]{0,127}$(?<!^host$)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ValidName();
}
