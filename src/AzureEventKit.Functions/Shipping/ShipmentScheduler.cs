using System.Net;
using System.Security.Cryptography;
using System.Text;
using Azure;
using Azure.Data.Tables;

namespace AzureEventKit.Functions.Shipping;

/// <summary>
/// Books the shipment of an order, once. A stand-in for a carrier integration: it stores the shipment in the Shipments
/// table and derives the tracking number from the order id, so a retry can never book a second parcel.
/// </summary>
public class ShipmentScheduler
{
    private readonly TableClient table;
    private readonly TimeProvider timeProvider;

    public ShipmentScheduler(TableServiceClient tableService, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(tableService);
        table = tableService.GetTableClient(ShipmentEntity.Table);
        this.timeProvider = timeProvider;
    }

    /// <summary>Returns the order's shipment, creating it on the first call.</summary>
    public virtual async Task<Shipment> ScheduleAsync(string orderId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(orderId);
        if (await FindAsync(orderId, cancellationToken) is { } existing)
        {
            return ToShipment(existing);
        }

        var entity = new ShipmentEntity
        {
            PartitionKey = orderId,
            ShipmentId = "shp-" + orderId,
            TrackingNumber = TrackingNumberFor(orderId),
            CreatedAt = timeProvider.GetUtcNow(),
        };
        try
        {
            await table.AddEntityAsync(entity, cancellationToken);
            return ToShipment(entity);
        }
        catch (RequestFailedException raced) when (raced.Status == (int)HttpStatusCode.Conflict)
        {
            return ToShipment((await FindAsync(orderId, cancellationToken))!);
        }
    }

    /// <summary>"EK" plus 12 digits derived from the order id: stable, and shaped like a carrier's number.</summary>
    internal static string TrackingNumberFor(string orderId)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(orderId));
        var number = BitConverter.ToUInt64(hash, 0) % 1_000_000_000_000UL;
        return "EK" + number.ToString("D12", System.Globalization.CultureInfo.InvariantCulture);
    }

    private async Task<ShipmentEntity?> FindAsync(string orderId, CancellationToken cancellationToken)
    {
        var found = await table.GetEntityIfExistsAsync<ShipmentEntity>(orderId, ShipmentEntity.Row, cancellationToken: cancellationToken);
        return found.HasValue ? found.Value : null;
    }

    private static Shipment ToShipment(ShipmentEntity entity) => new(entity.PartitionKey, entity.ShipmentId, entity.TrackingNumber, entity.CreatedAt);
}
