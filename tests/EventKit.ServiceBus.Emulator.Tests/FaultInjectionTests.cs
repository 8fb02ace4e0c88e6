using System.Net;
using System.Text.Json;
using Azure.Messaging.ServiceBus;

namespace EventKit.ServiceBus.Emulator.Tests;

/// <summary>The emulator's fault control: what a client sees when connections drop, links are refused and sends fail.</summary>
public sealed class FaultInjectionTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task FailNextSends_InternalErrorTwice_SdkRetriesAndTheMessageArrivesOnce()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        await using var client = Client(harness, maxRetries: 3);
        await using var sender = client.CreateSender("work");
        await using var receiver = client.CreateReceiver("work");
        harness.Emulator.Faults.FailNextSends("work", 2, SendFault.InternalError);

        await sender.SendMessageAsync(new ServiceBusMessage("after two failures"), Ct);
        var received = await receiver.ReceiveMessagesAsync(10, TimeSpan.FromSeconds(2), Ct);

        Assert.Equal(2, harness.Emulator.Faults.SendsFailed);
        Assert.Equal("after two failures", Assert.Single(received).Body.ToString());
        Assert.Empty(harness.Emulator.Faults.PendingSendFailures());
    }

    [Fact]
    public async Task FailNextSends_ServerBusyOnce_SenderWithoutRetriesSeesServiceBusyThenSendsSucceed()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        await using var client = Client(harness, maxRetries: 0);
        await using var sender = client.CreateSender("work");
        await sender.SendMessageAsync(new ServiceBusMessage("opens the link"), Ct);
        harness.Emulator.Faults.FailNextSends("WORK", 1, SendFault.ServerBusy);

        var error = await Assert.ThrowsAsync<ServiceBusException>(() => sender.SendMessageAsync(new ServiceBusMessage("refused"), Ct));
        await sender.SendMessageAsync(new ServiceBusMessage("accepted"), Ct);

        Assert.Equal(ServiceBusFailureReason.ServiceBusy, error.Reason);
        Assert.True(error.IsTransient);
        Assert.Equal(2, harness.Emulator.GetCounts("work").Active);
    }

    [Fact]
    public async Task RefuseLinks_WhileRefusing_NewReceiverFailsAsServiceBusyAndAttachesOnceCleared()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        await using var client = Client(harness, maxRetries: 0);
        await using var sender = client.CreateSender("work");
        await sender.SendMessageAsync(new ServiceBusMessage("waiting"), Ct);
        harness.Emulator.Faults.RefuseLinks(TimeSpan.FromMinutes(5));
        await using var receiver = client.CreateReceiver("work");

        var error = await Assert.ThrowsAsync<ServiceBusException>(() => receiver.ReceiveMessageAsync(TimeSpan.FromSeconds(2), Ct));
        Assert.NotNull(harness.Emulator.Faults.RefusingLinksUntil);
        await sender.SendMessageAsync(new ServiceBusMessage("an open link keeps working"), Ct);
        harness.Emulator.Faults.Clear();
        var received = await receiver.ReceiveMessagesAsync(10, TimeSpan.FromSeconds(2), Ct);

        Assert.Equal(ServiceBusFailureReason.ServiceBusy, error.Reason);
        Assert.True(harness.Emulator.Faults.LinksRefused >= 1);
        Assert.Null(harness.Emulator.Faults.RefusingLinksUntil);
        Assert.NotEmpty(received);
    }

    [Fact]
    public async Task DropConnections_ClientsConnected_ClientsReconnectAndNoMessageIsLost()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        await using var client = Client(harness, maxRetries: 3);
        await using var sender = client.CreateSender("work");
        await using var receiver = client.CreateReceiver("work");
        await sender.SendMessageAsync(new ServiceBusMessage("before"), Ct);
        Assert.True(harness.Emulator.ConnectionCount > 0);

        harness.Emulator.Faults.DropConnections();
        Assert.Equal(0, harness.Emulator.ConnectionCount);
        await sender.SendMessageAsync(new ServiceBusMessage("after"), Ct);
        var bodies = new List<string>();
        while (bodies.Count < 2 && await receiver.ReceiveMessageAsync(TimeSpan.FromSeconds(5), Ct) is { } message)
        {
            bodies.Add(message.Body.ToString());
            await receiver.CompleteMessageAsync(message, Ct);
        }

        Assert.Equal(1, harness.Emulator.Faults.ConnectionsDropped);
        Assert.Equal(["after", "before"], bodies.Order());
        Assert.Equal(0, harness.Emulator.GetCounts("work").Active);
    }

    [Fact]
    public async Task DelayDeliveries_WhileActive_MessageArrivesOnlyAfterTheDelayThenDeliveriesAreImmediateAgain()
    {
        var clock = EmulatorHarness.ControlledClock();
        await using var harness = await EmulatorHarness.StartAsync(o => o.TimeProvider = clock);
        await using var sender = harness.Client.CreateSender("work");
        await using var receiver = harness.Client.CreateReceiver("work");
        harness.Emulator.Faults.DelayDeliveries(TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(30)); // "work" locks for 5 s
        await sender.SendMessageAsync(new ServiceBusMessage("held"), Ct);

        var held = receiver.ReceiveMessageAsync(TimeSpan.FromSeconds(30), Ct);
        await EmulatorHarness.WaitUntilAsync(() => harness.Emulator.Faults.DeliveriesDelayed == 1);
        var heldBeforeTheDelay = !held.IsCompleted;
        var lockedWhileHeld = harness.Emulator.GetCounts("work").Locked;
        clock.Advance(TimeSpan.FromSeconds(2));
        var first = await held;
        await receiver.CompleteMessageAsync(first, Ct);
        clock.Advance(TimeSpan.FromSeconds(29));
        await sender.SendMessageAsync(new ServiceBusMessage("after the window"), Ct);
        var second = await receiver.ReceiveMessageAsync(TimeSpan.FromSeconds(30), Ct);

        Assert.True(heldBeforeTheDelay);
        Assert.Equal(1, lockedWhileHeld);
        Assert.Equal("held", first.Body.ToString());
        Assert.Equal("after the window", second.Body.ToString());
        Assert.Equal(1, harness.Emulator.Faults.DeliveriesDelayed);
        Assert.Null(harness.Emulator.Faults.DelayingDeliveriesUntil);
    }

    [Fact]
    public async Task HttpEndpoint_DelayDeliveriesRoute_ArmsReportsAndRejectsBadValues()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        using var http = new HttpClient { BaseAddress = harness.Emulator.InspectionEndpoint };

        using var armed = await http.PostAsync(new Uri("faults/deliveries/delay?seconds=1.5&for=60", UriKind.Relative), null, Ct);
        using var state = JsonDocument.Parse(await armed.Content.ReadAsStringAsync(Ct));
        using var badDelay = await http.PostAsync(new Uri("faults/deliveries/delay?seconds=-1&for=60", UriKind.Relative), null, Ct);
        using var missingWindow = await http.PostAsync(new Uri("faults/deliveries/delay?seconds=1", UriKind.Relative), null, Ct);
        using var cleared = await http.DeleteAsync(new Uri("faults", UriKind.Relative), Ct);

        Assert.Equal(HttpStatusCode.Accepted, armed.StatusCode);
        Assert.Equal(1.5, state.RootElement.GetProperty("deliveryDelaySeconds").GetDouble());
        Assert.Equal(JsonValueKind.String, state.RootElement.GetProperty("delayingDeliveriesUntil").ValueKind);
        Assert.Equal(HttpStatusCode.BadRequest, badDelay.StatusCode);
        Assert.Equal("application/problem+json", badDelay.Content.Headers.ContentType?.MediaType);
        Assert.Contains("?for=", await missingWindow.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, cleared.StatusCode);
        Assert.Null(harness.Emulator.Faults.DelayingDeliveriesUntil);
    }

    [Fact]
    public async Task HttpEndpoint_FaultRoutes_ArmReportAndClearFaults()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        using var http = new HttpClient { BaseAddress = harness.Emulator.InspectionEndpoint };

        using var armed = await http.PostAsync(new Uri("faults/sends/work?count=3&error=internal-error", UriKind.Relative), null, Ct);
        using var refused = await http.PostAsync(new Uri("faults/links/refuse?seconds=60", UriKind.Relative), null, Ct);
        using var state = JsonDocument.Parse(await http.GetStringAsync(new Uri("faults", UriKind.Relative), Ct));
        using var badCount = await http.PostAsync(new Uri("faults/sends/work?count=lots", UriKind.Relative), null, Ct);
        using var badError = await http.PostAsync(new Uri("faults/sends/work?count=1&error=teapot", UriKind.Relative), null, Ct);
        using var cleared = await http.DeleteAsync(new Uri("faults", UriKind.Relative), Ct);

        Assert.Equal(HttpStatusCode.Accepted, armed.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, refused.StatusCode);
        Assert.Equal(3, state.RootElement.GetProperty("pendingSendFailures").GetProperty("work").GetInt32());
        Assert.Equal(JsonValueKind.String, state.RootElement.GetProperty("refusingLinksUntil").ValueKind);
        Assert.Equal(HttpStatusCode.BadRequest, badCount.StatusCode);
        Assert.Equal("application/problem+json", badCount.Content.Headers.ContentType?.MediaType);
        Assert.Contains("teapot", await badError.Content.ReadAsStringAsync(Ct));
        Assert.Equal(HttpStatusCode.OK, cleared.StatusCode);
        Assert.Empty(harness.Emulator.Faults.PendingSendFailures());
        Assert.Null(harness.Emulator.Faults.RefusingLinksUntil);
    }

    private static ServiceBusClient Client(EmulatorHarness harness, int maxRetries) => new(harness.Emulator.ConnectionString, new ServiceBusClientOptions
    {
        RetryOptions = new ServiceBusRetryOptions { MaxRetries = maxRetries, Delay = TimeSpan.FromMilliseconds(50), MaxDelay = TimeSpan.FromMilliseconds(200), TryTimeout = TimeSpan.FromSeconds(10) },
    });
}
