using System.Diagnostics;
using Azure.Messaging.ServiceBus;
using EventKit.Functions.Testing.Faults;

namespace AzureEventKit.Local.Soak;

/// <summary>
/// <c>--soak N</c>: places N orders at a steady rate from many callers (with and without Idempotency-Keys, some
/// duplicated, some retried), pays them through the signed webhook (some declined, some late), sends some poison
/// messages, injects every fault of <see cref="SoakFaultSchedule"/> once, waits for quiescence, and audits.
/// </summary>
internal sealed class SoakRunner(LocalStack stack, SoakOptions options, DependencyOutage tablesOutage)
{
    private const int PlacementAttempts = 60;
    private const int Poison = 5;
    private static readonly TimeSpan RetryDelay = TimeSpan.FromMilliseconds(250);

    /// <summary>How often a follower looks at the board (in memory; the board reads the Orders table once a second).</summary>
    private static readonly TimeSpan LookInterval = TimeSpan.FromMilliseconds(500);

    public async Task<SoakResult> RunAsync(CancellationToken cancellationToken)
    {
        using var api = new SoakApi(stack);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(options.Timeout);
        var orders = Enumerable.Range(1, options.Orders).Select(n => new SoakOrder(n)).ToList();
        var schedule = new SoakFaultSchedule(tablesOutage);
        var injected = new List<string>();
        var started = Stopwatch.StartNew();
        using var callers = new SemaphoreSlim(options.Callers);
        var placed = 0;
        var follows = new List<Task>();
        var interval = TimeSpan.FromSeconds(1 / options.OrdersPerSecond);
        var nextFault = 0;
        var poisonSent = 0;
        await using var serviceBus = new ServiceBusClient(stack.Emulator.ConnectionString);
        await using var poisonSender = serviceBus.CreateSender("orders");

        // When the run's time is up while it is still placing, it stops placing and still audits and reports: the orders
        // it never placed and the ones still in flight are counted, not lost with an exception.
        var timedOut = false;
        var board = new SoakBoard(stack);
        using var boardStop = CancellationTokenSource.CreateLinkedTokenSource(deadline.Token);
        var boardRefresh = board.RunAsync(boardStop.Token);
        try
        {
            await PlaceAllAsync().ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            timedOut = true;
        }

        await Task.WhenAll(follows).ConfigureAwait(false);
        await boardStop.CancelAsync().ConfigureAwait(false);
        await boardRefresh.ConfigureAwait(false);
        var ordersFinished = started.Elapsed;
        var quiet = !timedOut && await SoakQuiescence.WaitAsync(stack, deadline.Token).ConfigureAwait(false);
        timedOut |= deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested;
        var audit = await new SoakAudit(stack, options).RunAsync(orders, poisonSent, CancellationToken.None).ConfigureAwait(false);
        return new SoakResult(orders, injected, schedule.Faults.Select(f => f.Name).ToList(), poisonSent, ordersFinished, started.Elapsed, quiet, audit) { TimedOut = timedOut };

        async Task PlaceAllAsync()
        {
            foreach (var order in orders)
            {
                // A steady rate: each order starts on its slot, not as soon as a caller is free.
                var due = interval * (order.Number - 1) - started.Elapsed;
                if (due > TimeSpan.Zero)
                {
                    await Task.Delay(due, deadline.Token).ConfigureAwait(false);
                }

                var share = (double)placed / options.Orders;
                while (nextFault < schedule.Faults.Count && share >= schedule.Faults[nextFault].AtShare)
                {
                    var fault = schedule.Faults[nextFault++];
                    // The caller's token, not the deadline: a restart cut off half-way would leave no host for the rest of the run.
                    await fault.InjectAsync(stack, cancellationToken).ConfigureAwait(false);
                    injected.Add(fault.Name);
                }

                if (poisonSent < Poison && share >= (poisonSent + 0.5) / Poison)
                {
                    // Counted once sent: the audit expects dead letters for every poison message counted.
                    await poisonSender.SendMessageAsync(PoisonMessage(poisonSent + 1), deadline.Token).ConfigureAwait(false);
                    poisonSent++;
                }

                await callers.WaitAsync(deadline.Token).ConfigureAwait(false);
                placed++;
                follows.Add(Task.Run(async () =>
                {
                    try
                    {
                        await PlaceAndFollowAsync(api, board, order, callers, deadline.Token).ConfigureAwait(false);
                    }
                    catch (Exception exception) when (exception is not OperationCanceledException)
                    {
                        // An unexpected failure of one caller must not cost the report: the order shows up unfinished, with why.
                        order.Reason = exception.Message;
                    }
                }, CancellationToken.None));
            }
        }
    }

    /// <summary>
    /// Places the order holding a caller's slot, then gives the slot back and follows the order on the board: the
    /// callers bound the POSTs at once, not the orders in flight, so slow orders (late payments, a crash) do not hold
    /// back the placement rate.
    /// </summary>
    private static async Task PlaceAndFollowAsync(SoakApi api, SoakBoard board, SoakOrder order, SemaphoreSlim callers, CancellationToken cancellationToken)
    {
        var holdsCaller = true;
        try
        {
            order.Clock.Start();
            order.Status = "Placing";
            var key = order.Kind.IdempotencyKey ? $"soak-key-{order.Number:00000}" : null;
            var body = ExampleValues.Order(order.Customer, order.Number);
            if (order.Kind.Duplicated)
            {
                // Two callers send the same request at once (a double click): one order, the same id for both.
                var both = await Task.WhenAll(PlaceAsync(api, order, body, key, cancellationToken), PlaceAsync(api, order, body, key, cancellationToken)).ConfigureAwait(false);
                order.Id = both[0];
                order.EchoedIds.AddRange(both.Skip(1).OfType<string>());
            }
            else
            {
                order.Id = await PlaceAsync(api, order, body, key, cancellationToken).ConfigureAwait(false);
            }

            order.AcceptedAfter = order.Id is null ? null : order.Clock.Elapsed;
            if (order.Id is null)
            {
                order.Status = "NotAccepted";
                order.Clock.Stop();
                return;
            }

            if (order.Kind.Retried && await PlaceAsync(api, order, body, key, cancellationToken).ConfigureAwait(false) is { } again)
            {
                order.EchoedIds.Add(again);
            }

            order.Status = "Placed";
            callers.Release();
            holdsCaller = false;
            await FollowAsync(api, board, order, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            order.Status = order.Id is null ? "NotPlaced" : $"TimedOut({order.Status})";
        }
        finally
        {
            if (holdsCaller)
            {
                callers.Release();
            }
        }
    }

    /// <summary>Places with retries when there is a key (the safe case); without one, a failed POST is not repeated and the order is not accepted.</summary>
    private static async Task<string?> PlaceAsync(SoakApi api, SoakOrder order, object body, string? key, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await api.Current.PlaceAsync(order.Customer, body, key, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is HttpRequestException or ObjectDisposedException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                order.Reason = exception.Message;
                if (key is null || attempt == PlacementAttempts)
                {
                    return null;
                }

                await Task.Delay(RetryDelay, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private static async Task FollowAsync(SoakApi api, SoakBoard board, SoakOrder order, CancellationToken cancellationToken)
    {
        while (true)
        {
            var seen = board.StatusOf(order.Id!);
            if (seen is not null)
            {
                order.Status = seen;
            }

            try
            {
                if (!order.WebhookSent && seen == "PaymentAuthorized" && order.Kind.Payment is SoakPayment.Approved or SoakPayment.DeclinedByWebhook)
                {
                    order.WebhookSent = await api.Current.TrySendWebhookAsync(order.Id!, order.Kind.Payment == SoakPayment.Approved, cancellationToken).ConfigureAwait(false);
                }

                if (order.IsFinished)
                {
                    order.Clock.Stop();

                    // The outcome is what the API tells the customer (after a crash, through a new client that has not
                    // seen the order placed); until it agrees, keep following.
                    var view = await api.Current.GetAsync(order.Id!, order.Customer, cancellationToken).ConfigureAwait(false);
                    order.Status = view?.Status ?? "NotFound";
                    order.Reason = view?.FailureReason;
                    if (order.IsFinished)
                    {
                        if (order.Kind.Payment == SoakPayment.Late && !order.WebhookSent)
                        {
                            // The provider's approval arrives after the timeout: it must not revive or charge the order.
                            order.WebhookSent = true;
                            await api.Current.TrySendWebhookAsync(order.Id!, approve: true, cancellationToken).ConfigureAwait(false);
                        }

                        return;
                    }

                    order.Clock.Start();
                }
            }
            catch (Exception exception) when (exception is HttpRequestException or ObjectDisposedException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                // The host is restarting or Tables is out: ask again on the next look at the board.
            }

            await Task.Delay(LookInterval, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>A message no subscriber can read (its body is not JSON), sent where every subscriber receives it.</summary>
    private static ServiceBusMessage PoisonMessage(int number) => new(BinaryData.FromString("{ this is not a cloud event"))
    {
        MessageId = $"soak-poison-{number}",
        CorrelationId = $"soak-poison-{number}",
        Subject = "orders.placed.v1",
        ContentType = "application/cloudevents+json",
    };
}
