using System.Text.RegularExpressions;

namespace AzureEventKit.Templates.Tests.Infrastructure;

/// <summary>
/// What a service accepts as a name, as the service documents it. A generated name that breaks one of these passes
/// every local test and fails at deployment or at first start in Azure.
/// </summary>
public sealed partial record ServiceNameRule(string Service, string Rule, Regex Pattern, int MinLength, int MaxLength)
{
    /// <summary>Durable Functions task hub on the Azure Storage backend.</summary>
    public static ServiceNameRule DurableTaskHub { get; } =
        new("Durable task hub (Azure Storage)", "letters and digits, starting with a letter, 3 to 45 characters", LetterThenLettersAndDigits(), 3, 45);

    /// <summary>Azure Storage table.</summary>
    public static ServiceNameRule StorageTable { get; } =
        new("Azure Storage table", "letters and digits, starting with a letter, 3 to 63 characters", LetterThenLettersAndDigits(), 3, 63);

    /// <summary>Azure Storage queue.</summary>
    public static ServiceNameRule StorageQueue { get; } =
        new("Azure Storage queue", "lowercase letters, digits and single hyphens, starting and ending with a letter or digit, 3 to 63 characters", LowercaseDnsLabel(), 3, 63);

    /// <summary>Azure Storage blob container.</summary>
    public static ServiceNameRule BlobContainer { get; } =
        new("Azure Storage blob container", "lowercase letters, digits and single hyphens, starting and ending with a letter or digit, 3 to 63 characters", LowercaseDnsLabel(), 3, 63);

    /// <summary>The `name` of azure.yaml (Azure Developer CLI project).</summary>
    public static ServiceNameRule AzdProject { get; } =
        new("azure.yaml name (azd)", "lowercase letters, digits and hyphens, starting and ending with a letter or digit", LowercaseLettersDigitsHyphens(), 2, int.MaxValue);

    /// <summary>An npm package name (eng/package.json).</summary>
    public static ServiceNameRule NpmPackage { get; } =
        new("npm package name", "lowercase, URL-safe, not starting with a dot or underscore, at most 214 characters", NpmName(), 1, 214);

    /// <summary>Resource group, named from the azd environment.</summary>
    public static ServiceNameRule ResourceGroup { get; } =
        new("resource group", "letters, digits, underscores, hyphens, periods and parentheses, not ending with a period, 1 to 90 characters", ResourceGroupName(), 1, 90);

    /// <summary>Consumption budget (Microsoft.Consumption/budgets).</summary>
    public static ServiceNameRule Budget { get; } =
        new("cost budget", "letters, digits, hyphens and underscores, 1 to 63 characters", LettersDigitsHyphensUnderscores(), 1, 63);

    /// <summary>Storage account.</summary>
    public static ServiceNameRule StorageAccount { get; } =
        new("storage account", "lowercase letters and digits, 3 to 24 characters", LowercaseLettersAndDigits(), 3, 24);

    /// <summary>Null when <paramref name="name"/> is accepted, else why not.</summary>
    public string? Violation(string name) =>
        name.Length < MinLength || name.Length > MaxLength || !Pattern.IsMatch(name)
            ? $"{Service} '{name}' ({name.Length} characters) breaks the rule: {Rule}"
            : null;

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9]*$")]
    private static partial Regex LetterThenLettersAndDigits();

    [GeneratedRegex("^[a-z0-9](?:[a-z0-9]|-(?=[a-z0-9]))*$")]
    private static partial Regex LowercaseDnsLabel();

    [GeneratedRegex("^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$")]
    private static partial Regex LowercaseLettersDigitsHyphens();

    [GeneratedRegex(@"^[a-z0-9~-][a-z0-9._~-]*$")]
    private static partial Regex NpmName();

    [GeneratedRegex(@"^[A-Za-z0-9_().-]*[A-Za-z0-9_()-]$")]
    private static partial Regex ResourceGroupName();

    [GeneratedRegex("^[A-Za-z0-9_-]+$")]
    private static partial Regex LettersDigitsHyphensUnderscores();

    [GeneratedRegex("^[a-z0-9]+$")]
    private static partial Regex LowercaseLettersAndDigits();
}
