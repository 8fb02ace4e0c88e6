using EventKit.ServiceBus.Emulator.Filters;

namespace EventKit.ServiceBus.Emulator.Tests;

public sealed class SqlFilterLanguageTests
{
    [Theory]
    [InlineData("amount = 10", true)]
    [InlineData("amount <> 10", false)]
    [InlineData("amount != 11", true)]
    [InlineData("amount >= 10 AND amount < 11", true)]
    [InlineData("amount > 10 OR name = 'x'", true)]
    [InlineData("NOT (amount > 10)", true)]
    [InlineData("amount + 5 = 15 AND amount * 2 = 20 AND amount % 3 = 1 AND -amount = -10", true)]
    [InlineData("price > 9.5", true)]
    [InlineData("name IN ('a', 'x', 'y')", true)]
    [InlineData("name NOT IN ('a', 'x')", false)]
    [InlineData("name LIKE 'x%'", true)]
    [InlineData("name LIKE '_'", true)]
    [InlineData("code LIKE 'A!%B' ESCAPE '!'", true)]
    [InlineData("name NOT LIKE 'y%'", true)]
    [InlineData("missing IS NULL", true)]
    [InlineData("name IS NOT NULL", true)]
    [InlineData("EXISTS(name) AND NOT EXISTS(missing)", true)]
    [InlineData("missing = 1", false)]
    [InlineData("NOT (missing = 1)", false)]
    [InlineData("missing = 1 OR amount = 10", true)]
    [InlineData("flag = TRUE", true)]
    [InlineData("sys.Label = 'orders.placed' AND sys.MessageId = 'm-1'", true)]
    [InlineData("sys.label LIKE 'orders.%' AND user.name = 'x'", true)]
    [InlineData("sys.SequenceNumber >= 5", true)]
    [InlineData("[odd name] = 'yes'", true)]
    [InlineData("name = 'it''s'", false)]
    [InlineData("1=1", true)]
    public void Evaluate_SupportedSubset_MatchesAsSqlWould(string expression, bool expected)
    {
        var rule = CompiledRule.Compile("test", new RuleDefinition("r", expression, null));

        Assert.Equal(expected, rule.Matches(new FakeMessage()));
    }

    [Theory]
    [InlineData("amount = ")]
    [InlineData("name LIKE 5")]
    [InlineData("(amount = 1")]
    [InlineData("amount = 'x")]
    [InlineData("name BETWEEN 1 AND 2")]
    public void Compile_OutsideSubset_ThrowsTopologyErrorNamingTheRule(string expression)
    {
        var error = Assert.Throws<EmulatorTopologyException>(() => CompiledRule.Compile("Subscription 'orders/x'", new RuleDefinition("bad-rule", expression, null)));

        Assert.Contains("Subscription 'orders/x' rule 'bad-rule'", error.Message, StringComparison.Ordinal);
        Assert.Contains("SqlFilter.SqlExpression", error.Message, StringComparison.Ordinal);
    }

    public static TheoryData<string> TooDeepExpressions => new()
    {
        new string('(', 10_000) + "amount = 10" + new string(')', 10_000),
        string.Join(" AND ", Enumerable.Repeat("amount = 10", 10_000)),
        string.Join(" OR ", Enumerable.Repeat("amount = 10", 10_000)),
        string.Concat(Enumerable.Repeat("NOT ", 10_000)) + "amount = 10",
        "amount = " + new string('-', 10_000) + "1",
        "amount = " + string.Join(" + ", Enumerable.Repeat("1", 10_000)),
        new string('(', 100) + "amount = 10" + string.Concat(Enumerable.Repeat(" AND amount = 10 AND amount = 10)", 100)),
    };

    [Theory]
    [MemberData(nameof(TooDeepExpressions))]
    public void Compile_NestedBeyondTheLimit_ThrowsTopologyErrorInsteadOfOverflowingTheStack(string expression)
    {
        var error = Assert.Throws<EmulatorTopologyException>(() => CompiledRule.Compile("Subscription 'orders/x'", new RuleDefinition("deep-rule", expression, null)));

        Assert.Contains("Subscription 'orders/x' rule 'deep-rule'", error.Message, StringComparison.Ordinal);
        Assert.Contains($"nests deeper than {SqlParser.MaxNestingDepth} levels", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Compile_ActionNestedBeyondTheLimit_ThrowsTopologyError()
    {
        var action = "SET total = " + new string('(', 10_000) + "1" + new string(')', 10_000);

        var error = Assert.Throws<EmulatorTopologyException>(() => CompiledRule.Compile("test", new RuleDefinition("r", "1=1", null, action)));

        Assert.Contains("Action.SqlExpression", error.Message, StringComparison.Ordinal);
        Assert.Contains("nests deeper than", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Compile_NestedUpToTheLimit_StillEvaluates()
    {
        var depth = SqlParser.MaxNestingDepth - 2;
        var nested = new string('(', depth) + "amount = 10" + new string(')', depth);
        var chained = string.Join(" AND ", Enumerable.Repeat("amount = 10", SqlParser.MaxNestingDepth - 2));

        Assert.True(CompiledRule.Compile("test", new RuleDefinition("r", nested, null)).Matches(new FakeMessage()));
        Assert.True(CompiledRule.Compile("test", new RuleDefinition("r", chained, null)).Matches(new FakeMessage()));
    }

    [Fact]
    public void Parse_TopologyWithTooDeepRule_ThrowsTopologyError()
    {
        var deep = new string('(', 10_000) + "amount = 10" + new string(')', 10_000);
        var json = """{"UserConfig":{"Namespaces":[{"Name":"ns","Queues":[],"Topics":[{"Name":"t","Subscriptions":[{"Name":"s","Rules":[{"Name":"deep","Properties":{"FilterType":"Sql","SqlFilter":{"SqlExpression":"DEEP"}}}]}]}]}]}}"""
            .Replace("DEEP", deep, StringComparison.Ordinal);

        var error = Assert.Throws<EmulatorTopologyException>(() => EmulatorTopology.Parse(json));

        Assert.Contains("nests deeper than", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ApplyAction_SetAndRemove_ChangesUserProperties()
    {
        var rule = CompiledRule.Compile("test", new RuleDefinition("r", "1=1", null, "SET total = amount * 2; SET label = sys.Label; REMOVE name"));
        var message = new FakeMessage();

        rule.ApplyAction(message);

        Assert.Equal(20L, message.User["total"]);
        Assert.Equal("orders.placed", message.User["label"]);
        Assert.False(message.User.ContainsKey("name"));
    }

    private sealed class FakeMessage : IFilterableMessage
    {
        public Dictionary<string, object?> User { get; } = new()
        {
            ["amount"] = 10, ["price"] = 9.75, ["name"] = "x", ["code"] = "A%B", ["flag"] = true, ["odd name"] = "yes",
        };

        public bool TryGetSystemProperty(string name, out object? value)
        {
            value = name.ToUpperInvariant() switch
            {
                "LABEL" => "orders.placed",
                "MESSAGEID" => "m-1",
                "SEQUENCENUMBER" => 7L,
                _ => null,
            };
            return value is not null;
        }

        public bool TryGetUserProperty(string name, out object? value) => User.TryGetValue(name, out value);

        public void SetUserProperty(string name, object? value) => User[name] = value;

        public void RemoveUserProperty(string name) => User.Remove(name);
    }
}
