using System.Globalization;
using System.Text.Json;

namespace EventKit.Functions.Testing.Startup;

/// <summary>
/// Checks the host.json sections the kit reads (<see cref="HostJsonSections"/>): every value has a type the real host can
/// bind, numbers are in range, closed sections hold no unknown key, and the Durable task hub name is one the Azure Storage
/// backend accepts.
/// </summary>
internal static class HostJsonCheck
{
    public const string HubNamePath = "extensions.durableTask.hubName";

    public static IEnumerable<StartupProblem> Check(string? path, Func<string, string?> setting)
    {
        if (path is null || !File.Exists(path))
        {
            return [];
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(File.ReadAllText(path), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException exception)
        {
            return [new StartupProblem(StartupProblemKind.InvalidHostJson, Path.GetFileName(path), $"{path} is not valid JSON: {exception.Message}")];
        }

        using (document)
        {
            return [.. Check(document.RootElement, setting)];
        }
    }

    private static IEnumerable<StartupProblem> Check(JsonElement root, Func<string, string?> setting)
    {
        foreach (var section in HostJsonSections.All)
        {
            if (Find(root, section.Path) is not { ValueKind: JsonValueKind.Object } element)
            {
                continue;
            }

            foreach (var property in element.EnumerateObject())
            {
                var key = section.Keys.FirstOrDefault(k => string.Equals(k.Name, property.Name, StringComparison.OrdinalIgnoreCase));
                var keyPath = $"{section.Path}.{property.Name}";
                if (key is null)
                {
                    if (section.Closed)
                    {
                        yield return new StartupProblem(
                            StartupProblemKind.InvalidHostJson,
                            keyPath,
                            $"host.json '{keyPath}' is not a setting the host knows in '{section.Path}' (known: {string.Join(", ", section.Keys.Select(static k => k.Name))}); the real host would ignore it silently.");
                    }

                    continue;
                }

                if (TypeProblem(key, property.Value) is { } expected)
                {
                    yield return new StartupProblem(StartupProblemKind.InvalidHostJson, keyPath, $"host.json '{keyPath}' is {Show(property.Value)}, but the host expects {expected}.");
                }
            }
        }

        if (Find(root, HubNamePath) is { ValueKind: JsonValueKind.String } hub && hub.GetString() is { } declared)
        {
            var name = declared;
            if (declared is ['%', .., '%'] && declared.Length > 2)
            {
                name = setting(declared[1..^1]) ?? string.Empty;
            }

            if (!TaskHubNameRule.Accepts(name))
            {
                yield return new StartupProblem(
                    StartupProblemKind.InvalidTaskHubName,
                    HubNamePath,
                    $"host.json '{HubNamePath}' is '{name}'{(name == declared ? "" : $" (from {declared})")}; the Durable Azure Storage backend accepts {TaskHubNameRule.Description}, and names its queues, tables and containers after it.");
            }
        }
    }

    private static string? TypeProblem(HostJsonKey key, JsonElement value)
    {
        var scalar = value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => value.GetRawText(),
            _ => null,
        };
        switch (key.Kind)
        {
            case HostJsonValueKind.Section:
                return value.ValueKind == JsonValueKind.Object ? null : "an object";
            case HostJsonValueKind.Text:
                return scalar is not null ? null : "a string";
            case HostJsonValueKind.Flag:
                return bool.TryParse(scalar, out _) ? null : "true or false";
            case HostJsonValueKind.Duration:
                return value.ValueKind == JsonValueKind.String && TimeSpan.TryParse(scalar, CultureInfo.InvariantCulture, out _) ? null : "a duration such as \"00:05:00\"";
            case HostJsonValueKind.PositiveDuration:
                return value.ValueKind == JsonValueKind.String && TimeSpan.TryParse(scalar, CultureInfo.InvariantCulture, out var duration) && duration > TimeSpan.Zero ? null : "a duration longer than zero such as \"00:05:00\"";
            case HostJsonValueKind.Integer:
                var range = key.Maximum == int.MaxValue ? $"a whole number of at least {key.Minimum}" : $"a whole number from {key.Minimum} to {key.Maximum}";
                if (key.Minimum == int.MinValue)
                {
                    range = "a whole number";
                }

                return int.TryParse(scalar, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number) && number >= key.Minimum && number <= key.Maximum ? null : range;
            default:
                return null;
        }
    }

    private static string Show(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.Null => "null",
        _ => value.GetRawText(),
    };

    // host.json property names are case-insensitive in the real host.
    private static JsonElement? Find(JsonElement root, string dottedPath)
    {
        JsonElement? current = root;
        foreach (var segment in dottedPath.Split('.'))
        {
            if (current is not { ValueKind: JsonValueKind.Object } element)
            {
                return null;
            }

            current = element.EnumerateObject().Where(p => string.Equals(p.Name, segment, StringComparison.OrdinalIgnoreCase)).Select(static p => (JsonElement?)p.Value).FirstOrDefault();
        }

        return current;
    }
}
