namespace EventKit.ServiceBus.Emulator.Filters;

/// <summary>One SQL action statement: <c>SET target = value</c>, or <c>REMOVE target</c> when <see cref="Value"/> is null.</summary>
internal sealed record SqlActionStatement(PropertyReference Target, SqlExpression? Value)
{
    public void Apply(IFilterableMessage message)
    {
        if (Value is null)
        {
            message.RemoveUserProperty(Target.Name);
        }
        else
        {
            message.SetUserProperty(Target.Name, Value.Evaluate(message));
        }
    }
}
