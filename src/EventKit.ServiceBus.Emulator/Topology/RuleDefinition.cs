namespace EventKit.ServiceBus.Emulator;

/// <summary>A subscription rule: a filter and an optional SQL action.</summary>
/// <param name="Name">The rule name.</param>
/// <param name="SqlFilter">The SQL filter expression, when the rule is a SQL filter.</param>
/// <param name="CorrelationFilter">The correlation filter, when the rule is a correlation filter.</param>
/// <param name="SqlAction">The SQL action (<c>SET</c>/<c>REMOVE</c> statements) applied to matching messages, if any.</param>
public sealed record RuleDefinition(string Name, string? SqlFilter, CorrelationFilterDefinition? CorrelationFilter, string? SqlAction = null);
