// What the broker does between send and receive, through @azure/service-bus: scheduling and cancelling, duplicate
// detection, time to live into the dead-letter queue, and auto-forwarding.
import { test } from "node:test";
import assert from "node:assert/strict";
import { useEmulator, receiveExactly, using } from "../support/fixture.js";

const bus = useEmulator();

test("scheduleMessages_InTheNearFuture_ArrivesNoEarlierThanScheduled", async () => {
  await using([bus.client.createSender("scheduled"), bus.client.createReceiver("scheduled", { receiveMode: "receiveAndDelete" })], async (sender, receiver) => {
    const at = new Date(Date.now() + 1500);
    const [sequenceNumber] = await sender.scheduleMessages({ body: "on time" }, at);
    assert.ok(sequenceNumber.toNumber() > 0);
    const [peeked] = await receiver.peekMessages(1);
    assert.equal(peeked.state, "scheduled");
    assert.equal(peeked.scheduledEnqueueTimeUtc.getTime(), at.getTime());

    const [message] = await receiveExactly(receiver, 1);
    assert.equal(message.body, "on time");
    assert.ok(message.enqueuedTimeUtc.getTime() >= at.getTime() - 50, "not enqueued before its time");
  });
});

test("cancelScheduledMessages_BeforeTheirTime_NeverArrive", async () => {
  await using([bus.client.createSender("scheduled"), bus.client.createReceiver("scheduled", { receiveMode: "receiveAndDelete" })], async (sender, receiver) => {
    const cancelled = await sender.scheduleMessages([{ body: "cancel 1" }, { body: "cancel 2" }], new Date(Date.now() + 1000));
    const [kept] = await sender.scheduleMessages({ body: "kept" }, new Date(Date.now() + 1200));

    await sender.cancelScheduledMessages(cancelled);

    const [message] = await receiveExactly(receiver, 1);
    assert.equal(message.body, "kept");
    assert.equal(message.sequenceNumber.toNumber(), kept.toNumber());
    assert.equal((await receiver.peekMessages(10)).length, 0, "the cancelled messages are gone");
  });
});

test("sendMessages_SameMessageIdTwice_DuplicateIsDropped", async () => {
  await using([bus.client.createSender("dedup"), bus.client.createReceiver("dedup", { receiveMode: "receiveAndDelete" })], async (sender, receiver) => {
    await sender.sendMessages({ body: "original", messageId: "order-1" });
    await sender.sendMessages({ body: "duplicate", messageId: "order-1" });
    await sender.sendMessages([{ body: "batch duplicate", messageId: "order-1" }, { body: "next", messageId: "order-2" }]);

    const received = await receiveExactly(receiver, 2);
    assert.deepEqual(received.map((m) => m.body), ["original", "next"]);
    assert.equal((await receiver.peekMessages(10)).length, 0);
  });
});

test("sendMessages_DistinctUuidAndUlongIds_AreNotDuplicates", async () => {
  await using([bus.client.createSender("dedup"), bus.client.createReceiver("dedup", { receiveMode: "receiveAndDelete" })], async (sender, receiver) => {
    await sender.sendMessages([
      { body: "uuid a", messageId: Buffer.from("0123456789abcdef0123456789abcdef", "hex") },
      { body: "uuid b", messageId: Buffer.from("fedcba9876543210fedcba9876543210", "hex") },
      { body: "ulong 1", messageId: 1 },
      { body: "ulong 2", messageId: 2 },
      { body: "ulong 2 again", messageId: 2 },
    ]);

    const received = await receiveExactly(receiver, 4);
    assert.deepEqual(received.map((m) => m.body), ["uuid a", "uuid b", "ulong 1", "ulong 2"]);
  });
});

test("sendMessages_TimeToLiveElapsed_MovesToTheDeadLetterQueue", async () => {
  await using([
    bus.client.createSender("expiring"),
    bus.client.createReceiver("expiring", { subQueueType: "deadLetter", receiveMode: "receiveAndDelete" }),
  ], async (sender, deadLetters) => {
    await sender.sendMessages({ body: "stale", timeToLive: 300 });

    const [dead] = await receiveExactly(deadLetters, 1);
    assert.equal(dead.body, "stale");
    assert.equal(dead.deadLetterReason, "TTLExpiredException");
  });
});

test("sendMessages_ToAQueueWithForwardTo_ArrivesInTheTarget", async () => {
  await using([bus.client.createSender("forwarder"), bus.client.createReceiver("forward-target", { receiveMode: "receiveAndDelete" })], async (sender, target) => {
    await sender.sendMessages({ body: "forward me", subject: "fwd" });

    const [message] = await receiveExactly(target, 1);
    assert.equal(message.body, "forward me");
    assert.equal(message.subject, "fwd");
  });
});
