using System.Collections.Immutable;
using System.Diagnostics;
using Microsoft.Azure.Functions.Worker;

namespace EventKit.Functions.Testing.Invocation;

/// <summary>
/// The <see cref="FunctionContext"/> the kit passes to functions: a fresh invocation id, the function's name, a DI scope of
/// the app's provider as <see cref="InstanceServices"/> (so <c>GetLogger</c> works), the trace context of the current span,
/// and a cancellation token that fires on host shutdown or client disconnect.
/// </summary>
internal sealed class KitFunctionContext : FunctionContext
{
    private readonly CancellationToken cancellationToken;

    public KitFunctionContext(string functionName, string entryPoint, IServiceProvider instanceServices, IReadOnlyDictionary<string, object?> bindingData, CancellationToken cancellationToken)
    {
        InvocationId = Guid.NewGuid().ToString();
        FunctionDefinition = new KitFunctionDefinition(functionName, entryPoint);
        InstanceServices = instanceServices;
        BindingContext = new KitBindingContext(bindingData);
        TraceContext = new KitTraceContext(Activity.Current);
        this.cancellationToken = cancellationToken;
    }

    public override string InvocationId { get; }

    public override string FunctionId => FunctionDefinition.Id;

    public override TraceContext TraceContext { get; }

    public override BindingContext BindingContext { get; }

    public override RetryContext RetryContext { get; } = new KitRetryContext();

    public override IServiceProvider InstanceServices { get; set; }

    public override FunctionDefinition FunctionDefinition { get; }

    public override IDictionary<object, object> Items { get; set; } = new Dictionary<object, object>();

    public override IInvocationFeatures Features { get; } = new KitInvocationFeatures();

    public override CancellationToken CancellationToken => cancellationToken;

    private sealed class KitFunctionDefinition(string name, string entryPoint) : FunctionDefinition
    {
        public override ImmutableArray<FunctionParameter> Parameters => ImmutableArray<FunctionParameter>.Empty;

        public override string PathToAssembly => string.Empty;

        public override string EntryPoint => entryPoint;

        public override string Id => name;

        public override string Name => name;

        public override IImmutableDictionary<string, BindingMetadata> InputBindings => ImmutableDictionary<string, BindingMetadata>.Empty;

        public override IImmutableDictionary<string, BindingMetadata> OutputBindings => ImmutableDictionary<string, BindingMetadata>.Empty;
    }

    private sealed class KitBindingContext(IReadOnlyDictionary<string, object?> bindingData) : BindingContext
    {
        public override IReadOnlyDictionary<string, object?> BindingData => bindingData;
    }

    private sealed class KitTraceContext(Activity? activity) : TraceContext
    {
        public override string TraceParent { get; } = activity?.Id ?? string.Empty;

        public override string TraceState { get; } = activity?.TraceStateString ?? string.Empty;
    }

    private sealed class KitRetryContext : RetryContext
    {
        public override int RetryCount => 0;

        public override int MaxRetryCount => 0;
    }

    private sealed class KitInvocationFeatures : IInvocationFeatures
    {
        private readonly Dictionary<Type, object> features = [];

        public T? Get<T>() => features.TryGetValue(typeof(T), out var value) ? (T)value : default;

        public void Set<T>(T instance)
        {
            if (instance is null)
            {
                features.Remove(typeof(T));
            }
            else
            {
                features[typeof(T)] = instance;
            }
        }

        public IEnumerator<KeyValuePair<Type, object>> GetEnumerator() => features.GetEnumerator();

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
