namespace AzureEventKit.Local.Soak;

/// <summary>What <c>--soak N</c> runs.</summary>
/// <param name="Orders">Orders to place.</param>
/// <param name="OrdersPerSecond">The steady placement rate.</param>
/// <param name="Callers">Callers placing and following orders at once.</param>
/// <param name="Timeout">How long the run, quiescence included, may take before it stops and reports what is unfinished.</param>
internal sealed record SoakOptions(int Orders, double OrdersPerSecond, int Callers, TimeSpan Timeout)
{
    /// <summary>The payment timeout the soak runs the app with, so that late payments happen within the run.</summary>
    public static readonly TimeSpan PaymentTimeout = TimeSpan.FromSeconds(20);

    /// <summary>
    /// How long Durable work the crashed host had dequeued stays invisible before the new host runs it: 30 s instead of
    /// the Azure Storage backend's 5 minutes, so the crash costs the soak seconds. Safe here because every activity of the
    /// app takes well under a second; a work item that outlived it would run twice, which the audit would catch.
    /// </summary>
    public static readonly TimeSpan DurableQueueVisibilityTimeout = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long the emulator locks a delivered message: 15 s instead of the topology's minute, so the messages the dropped
    /// connections and the crashed host held come back within the run instead of a minute later. Safe because the host
    /// renews the lock of every message it is still processing (host.json's <c>maxAutoLockRenewalDuration</c>), so only
    /// messages whose receiver is gone wait it out.
    /// </summary>
    public static readonly TimeSpan ServiceBusLockDuration = TimeSpan.FromSeconds(15);

    /// <summary>Units seeded per SKU: enough that stock is rarely the reason an order fails.</summary>
    public int SeedUnits => Math.Max(100, Orders * 3);

    /// <summary>The app settings the soak needs on top of the local defaults (the user's --setting still wins).</summary>
    public IReadOnlyDictionary<string, string> AppSettings()
    {
        var settings = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            ["Fulfillment:PaymentConfirmationTimeout"] = PaymentTimeout.ToString("c", System.Globalization.CultureInfo.InvariantCulture),
        };
        foreach (var (sku, _, _, _) in ExampleValues.Catalogue)
        {
            settings[$"Inventory:SeedStock:{sku}"] = SeedUnits.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return settings;
    }
}
