namespace EventKit.ServiceBus.Emulator.Tests;

/// <summary>The topology the conformance tests run against: short locks and TTLs so that expiry tests are fast.</summary>
internal static class TestTopology
{
    /// <summary>
    /// A topology file in the official emulator's Config.json shape, owned by these tests (not an app's file): a queue
    /// and a topic whose subscriptions filter by correlation and by SQL, for the tests that load a file.
    /// </summary>
    public static string FilePath => Path.Combine(AppContext.BaseDirectory, "topology.file.json");

    public static EmulatorTopology Create() => EmulatorTopology.Parse(Json);

    public const string Json = """
    {
      "UserConfig": {
        "Namespaces": [
          {
            "Name": "sbemulatorns",
            "Queues": [
              { "Name": "work", "Properties": { "LockDuration": "PT5S", "MaxDeliveryCount": 3 } },
              { "Name": "short-lock", "Properties": { "LockDuration": "PT1S", "MaxDeliveryCount": 10 } },
              { "Name": "expiring", "Properties": { "DefaultMessageTimeToLive": "PT1S", "DeadLetteringOnMessageExpiration": true } },
              { "Name": "expiring-dropped", "Properties": { "DefaultMessageTimeToLive": "PT1S" } },
              { "Name": "dedup", "Properties": { "RequiresDuplicateDetection": true, "DuplicateDetectionHistoryTimeWindow": "PT2S" } },
              { "Name": "dedup-long", "Properties": { "RequiresDuplicateDetection": true, "DuplicateDetectionHistoryTimeWindow": "PT10M" } },
              { "Name": "sessions", "Properties": { "RequiresSession": true, "LockDuration": "PT5S" } },
              { "Name": "short-sessions", "Properties": { "RequiresSession": true, "LockDuration": "PT1S" } },
              { "Name": "forwarder", "Properties": { "ForwardTo": "forward-target" } },
              { "Name": "forward-target" },
              { "Name": "dlq-forwarder", "Properties": { "ForwardDeadLetteredMessagesTo": "dlq-target", "MaxDeliveryCount": 1 } },
              { "Name": "dlq-target" },
              { "Name": "loop-a", "Properties": { "ForwardTo": "loop-b" } },
              { "Name": "loop-b", "Properties": { "ForwardTo": "loop-a" } },
              { "Name": "bench" }
            ],
            "Topics": [
              {
                "Name": "orders",
                "Properties": { "RequiresDuplicateDetection": false },
                "Subscriptions": [
                  { "Name": "all" },
                  { "Name": "placed", "Properties": { "LockDuration": "PT5S", "MaxDeliveryCount": 2 },
                    "Rules": [ { "Name": "placed-only", "Properties": { "FilterType": "Correlation", "CorrelationFilter": { "Label": "orders.placed.v1" } } } ] },
                  { "Name": "big-eu",
                    "Rules": [ { "Name": "sql", "Properties": { "FilterType": "Sql",
                      "SqlFilter": { "SqlExpression": "amount > 100 AND region IN ('eu', 'uk') AND sys.Label LIKE 'orders.%' AND NOT EXISTS(blocked)" },
                      "Action": { "SqlExpression": "SET tier = 'gold'; REMOVE internal" } } } ] },
                  { "Name": "by-property",
                    "Rules": [ { "Name": "corr", "Properties": { "FilterType": "Correlation",
                      "CorrelationFilter": { "CorrelationId": "order-7", "ContentType": "application/json", "Properties": { "priority": 1 } } } } ] },
                  { "Name": "null-check",
                    "Rules": [ { "Name": "null", "Properties": { "FilterType": "Sql", "SqlFilter": { "SqlExpression": "sys.To IS NOT NULL AND customer IS NULL" } } } ] },
                  { "Name": "per-customer", "Properties": { "RequiresSession": true },
                    "Rules": [ { "Name": "customers", "Properties": { "FilterType": "Sql", "SqlFilter": { "SqlExpression": "sys.Label = 'customer-event'" } } } ] },
                  { "Name": "to-queue", "Properties": { "ForwardTo": "forward-target" },
                    "Rules": [ { "Name": "forward", "Properties": { "FilterType": "Correlation", "CorrelationFilter": { "Label": "forward-me" } } } ] }
                ]
              }
            ]
          }
        ],
        "Logging": { "Type": "Console" }
      }
    }
    """;
}
