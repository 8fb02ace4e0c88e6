namespace EventKit.ServiceBus.Emulator.Filters;

/// <summary>A rule ready to evaluate: its filter as a predicate, and its action statements.</summary>
internal sealed class CompiledRule
{
    private readonly Func<IFilterableMessage, bool> filter;
    private readonly IReadOnlyList<SqlActionStatement> action;

    private CompiledRule(string name, Func<IFilterableMessage, bool> filter, IReadOnlyList<SqlActionStatement> action, RuleDefinition definition)
    {
        Name = name;
        this.filter = filter;
        this.action = action;
        Definition = definition;
    }

    public string Name { get; }

    public RuleDefinition Definition { get; }

    public static CompiledRule MatchAll { get; } = new("$Default", _ => true, [], new RuleDefinition("$Default", "1=1", null));

    public static CompiledRule Compile(string owner, RuleDefinition rule)
    {
        var ruleOwner = $"{owner} rule '{rule.Name}'";
        Func<IFilterableMessage, bool> filter;
        if (rule.SqlFilter is { } sql)
        {
            SqlExpression expression;
            try
            {
                expression = SqlParser.ParseFilter(sql);
            }
            catch (SqlSyntaxException exception)
            {
                throw new EmulatorTopologyException($"{ruleOwner}: property 'SqlFilter.SqlExpression' is not in the supported SQL subset: {exception.Message}", exception);
            }

            filter = message => Matches(expression, message);
        }
        else if (rule.CorrelationFilter is { } correlation)
        {
            filter = message => CorrelationFilterMatcher.Matches(correlation, message);
        }
        else
        {
            throw new EmulatorTopologyException($"{ruleOwner}: property 'FilterType' is missing; set a SQL or a correlation filter.");
        }

        IReadOnlyList<SqlActionStatement> action = [];
        if (!string.IsNullOrWhiteSpace(rule.SqlAction))
        {
            try
            {
                action = SqlParser.ParseAction(rule.SqlAction);
            }
            catch (SqlSyntaxException exception)
            {
                throw new EmulatorTopologyException($"{ruleOwner}: property 'Action.SqlExpression' is not in the supported SQL subset: {exception.Message}", exception);
            }
        }

        return new CompiledRule(rule.Name, filter, action, rule);
    }

    public bool Matches(IFilterableMessage message) => filter(message);

    public bool HasAction => action.Count > 0;

    public void ApplyAction(IFilterableMessage message)
    {
        foreach (var statement in action)
        {
            statement.Apply(message);
        }
    }

    private static bool Matches(SqlExpression expression, IFilterableMessage message)
    {
        try
        {
            return SqlExpression.AsBoolean(expression.Evaluate(message)) == true;
        }
        catch (SqlSyntaxException)
        {
            return false;
        }
    }
}
