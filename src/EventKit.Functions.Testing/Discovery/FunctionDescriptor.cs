using System.Reflection;

namespace EventKit.Functions.Testing.Discovery;

/// <summary>One discovered <c>[Function]</c> method and its trigger.</summary>
public sealed class FunctionDescriptor
{
    internal FunctionDescriptor(string name, MethodInfo method, TriggerKind trigger, ParameterInfo triggerParameter, Attribute triggerAttribute)
    {
        Name = name;
        Method = method;
        Trigger = trigger;
        TriggerParameter = triggerParameter;
        TriggerAttribute = triggerAttribute;
    }

    /// <summary>The function name from <c>[Function(name)]</c>.</summary>
    public string Name { get; }

    /// <summary>The method that runs.</summary>
    public MethodInfo Method { get; }

    /// <summary>The trigger kind.</summary>
    public TriggerKind Trigger { get; }

    /// <summary>The parameter carrying the trigger attribute.</summary>
    public ParameterInfo TriggerParameter { get; }

    /// <summary>The trigger attribute instance, as the app declared it.</summary>
    public Attribute TriggerAttribute { get; }

    /// <summary>For example <c>PlaceOrder (Http)</c>.</summary>
    public override string ToString() => $"{Name} ({Trigger})";
}
