using System.Diagnostics;

namespace EventKit.Functions.Testing.Invocation;

/// <summary>What one invocation's parameter binders can read: the trigger payload and the kit's context.</summary>
internal sealed class InvocationState
{
    public InvocationState(object? trigger, CancellationToken cancellationToken)
    {
        Trigger = trigger;
        CancellationToken = cancellationToken;
    }

    /// <summary>The trigger payload: an HttpContext, a Service Bus delivery, a Durable input, a TimerInfo.</summary>
    public object? Trigger { get; }

    public CancellationToken CancellationToken { get; }

    /// <summary>Set by the invoker before binding.</summary>
    public KitFunctionContext FunctionContext { get; set; } = null!;

    /// <summary>Binding data exposed on <c>FunctionContext.BindingContext</c>.</summary>
    public Dictionary<string, object?> BindingData { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Items copied into <c>FunctionContext.Items</c> (for example the HttpContext under the worker's key).</summary>
    public Dictionary<object, object> Items { get; } = [];

    /// <summary>The parent of the invocation span; default: <see cref="Activity.Current"/>.</summary>
    public ActivityContext? ParentContext { get; set; }

    /// <summary>The span kind: Consumer for Service Bus, Internal otherwise (ASP.NET Core owns the HTTP server span).</summary>
    public ActivityKind SpanKind { get; set; } = ActivityKind.Internal;
}
