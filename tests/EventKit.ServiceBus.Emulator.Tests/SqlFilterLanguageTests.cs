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
