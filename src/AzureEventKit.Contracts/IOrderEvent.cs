namespace AzureEventKit.Contracts;

/// <summary>An event in the life of one order. Every order event carries the order id, which becomes the message's CorrelationId.</summary>
public interface IOrderEvent
{
    /// <summary>The order this event belongs to.</summary>
    string OrderId { get; }
}
