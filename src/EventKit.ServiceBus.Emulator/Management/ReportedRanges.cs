namespace EventKit.ServiceBus.Emulator.Management;

/// <summary>
/// The emulator accepts shorter duplicate-detection windows and message lifetimes than Azure, so that tests run fast,
/// but the SDK refuses to read values below Azure's minimums (20 seconds and 1 second). Descriptions therefore report
/// such values raised to the minimum, and an update that sends a raised value back unchanged keeps the real one.
/// </summary>
internal static class ReportedRanges
{
    public static readonly TimeSpan MinDuplicateDetectionWindow = TimeSpan.FromSeconds(20);
    public static readonly TimeSpan MinTimeToLive = TimeSpan.FromSeconds(1);

    public static TimeSpan DuplicateDetectionWindow(TimeSpan actual) => actual < MinDuplicateDetectionWindow ? MinDuplicateDetectionWindow : actual;

    public static TimeSpan TimeToLive(TimeSpan actual) => actual < MinTimeToLive ? MinTimeToLive : actual;

    /// <summary>The requested properties, with values that are only the raised report of the current ones put back.</summary>
    public static EntityProperties KeepUnraised(EntityProperties requested, EntityProperties current) => requested with
    {
        DefaultMessageTimeToLive = requested.DefaultMessageTimeToLive == TimeToLive(current.DefaultMessageTimeToLive) ? current.DefaultMessageTimeToLive : requested.DefaultMessageTimeToLive,
        DuplicateDetectionHistoryTimeWindow = requested.DuplicateDetectionHistoryTimeWindow == DuplicateDetectionWindow(current.DuplicateDetectionHistoryTimeWindow)
            ? current.DuplicateDetectionHistoryTimeWindow
            : requested.DuplicateDetectionHistoryTimeWindow,
    };
}
