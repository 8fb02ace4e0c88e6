// Settlement through @azure/service-bus: complete, abandon with property changes, dead-letter and the dead-letter
// queue, defer and receive deferred, lock renewal, and a lost lock.
import { test } from "node:test";
import assert from "node:assert/strict";
import { isServiceBusError } from "@azure/service-bus";
import { useEmulator, receiveExactly, using, waitUntil } from "../support/fixture.js";

const bus = useEmulator();

test("completeMessage_PeekLocked_RemovesTheMessage", async () => {
  await using([bus.client.createSender("complete"), bus.client.createReceiver("complete")], async (sender, receiver) => {
    await sender.sendMessages([{ body: "done" }, { body: "marker" }]);

    const [done, marker] = await receiveExactly(receiver, 2);
    await receiver.completeMessage(done);
    await receiver.abandonMessage(marker);

    const [again] = await receiveExactly(receiver, 1);
    assert.equal(again.body, "marker", "only the abandoned message comes back");
    await receiver.completeMessage(again);
    assert.equal((await receiver.peekMessages(10)).length, 0);
  });
});

test("abandonMessage_WithPropertiesToModify_RedeliveredWithChangesAndHigherDeliveryCount", async () => {
  await using([bus.client.createSender("abandon"), bus.client.createReceiver("abandon")], async (sender, receiver) => {
    await sender.sendMessages({ body: "retry me", applicationProperties: { attempt: 1, keep: "yes" } });

    const [first] = await receiveExactly(receiver, 1);
    await receiver.abandonMessage(first, { attempt: 2, reason: "transient" });

    const [second] = await receiveExactly(receiver, 1);
    assert.equal(second.body, "retry me");
    assert.equal(second.deliveryCount, 1);
    assert.deepEqual(second.applicationProperties, { attempt: 2, keep: "yes", reason: "transient" });
    await receiver.completeMessage(second);
  });
});

test("abandonMessage_BeyondMaxDeliveryCount_DeadLettersWithTheReason", async () => {
  await using([
    bus.client.createSender("max-delivery"),
    bus.client.createReceiver("max-delivery"),
    bus.client.createReceiver("max-delivery", { subQueueType: "deadLetter", receiveMode: "receiveAndDelete" }),
  ], async (sender, receiver, deadLetters) => {
    await sender.sendMessages({ body: "poison" });

    for (let attempt = 0; attempt < 2; attempt++) {
      const [message] = await receiveExactly(receiver, 1);
      await receiver.abandonMessage(message);
    }

    const [dead] = await receiveExactly(deadLetters, 1);
    assert.equal(dead.body, "poison");
    assert.equal(dead.deadLetterReason, "MaxDeliveryCountExceeded");
    assert.equal(dead.deadLetterSource, undefined);
  });
});

test("deadLetterMessage_WithReasonAndDescription_ReceivedFromTheDeadLetterQueue", async () => {
  await using([
    bus.client.createSender("dead-letter"),
    bus.client.createReceiver("dead-letter"),
    bus.client.createReceiver("dead-letter", { subQueueType: "deadLetter" }),
  ], async (sender, receiver, deadLetters) => {
    await sender.sendMessages({ body: "bad", messageId: "bad-1", applicationProperties: { origin: "test" } });

    const [message] = await receiveExactly(receiver, 1);
    await receiver.deadLetterMessage(message, { deadLetterReason: "ValidationFailed", deadLetterErrorDescription: "amount must be positive", extra: "x" });

    const [dead] = await receiveExactly(deadLetters, 1);
    assert.equal(dead.body, "bad");
    assert.equal(dead.messageId, "bad-1");
    assert.equal(dead.deadLetterReason, "ValidationFailed");
    assert.equal(dead.deadLetterErrorDescription, "amount must be positive");
    assert.equal(dead.applicationProperties.origin, "test");
    assert.equal(dead.applicationProperties.extra, "x");
    await deadLetters.completeMessage(dead);
    assert.equal((await deadLetters.peekMessages(10)).length, 0);
    assert.equal((await receiver.peekMessages(10)).length, 0);
  });
});

test("deferMessage_ThenReceiveDeferredMessages_ReturnsTheMessageLockedForCompletion", async () => {
  await using([bus.client.createSender("defer"), bus.client.createReceiver("defer")], async (sender, receiver) => {
    await sender.sendMessages([{ body: "later" }, { body: "now" }]);

    const [later, now] = await receiveExactly(receiver, 2);
    await receiver.deferMessage(later, { deferredBy: "test" });
    await receiver.completeMessage(now);
    const [peeked] = await receiver.peekMessages(1);
    assert.equal(peeked.state, "deferred");

    const [deferred] = await receiver.receiveDeferredMessages(later.sequenceNumber);
    assert.equal(deferred.body, "later");
    assert.equal(deferred.applicationProperties.deferredBy, "test");
    assert.ok(deferred.lockToken);
    await receiver.completeMessage(deferred);
    assert.equal((await receiver.peekMessages(10)).length, 0);
  });
});

test("receiveDeferredMessages_ActiveOrUnknownSequenceNumber_FailsWithMessageNotFound", async () => {
  await using([bus.client.createSender("defer"), bus.client.createReceiver("defer")], async (sender, receiver) => {
    await sender.sendMessages({ body: "not deferred" });
    const [active] = await receiver.peekMessages(1);

    for (const sequenceNumber of [active.sequenceNumber, active.sequenceNumber.add(1000)]) {
      await assert.rejects(receiver.receiveDeferredMessages(sequenceNumber), (error) => isServiceBusError(error) && error.code === "MessageNotFound");
    }
    const [message] = await receiveExactly(receiver, 1);
    await receiver.completeMessage(message);
  });
});

test("renewMessageLock_PeekLocked_ExtendsTheLock", async () => {
  await using([bus.client.createSender("renew"), bus.client.createReceiver("renew", { maxAutoLockRenewalDurationInMs: 0 })], async (sender, receiver) => {
    await sender.sendMessages({ body: "long work" });
    const [message] = await receiveExactly(receiver, 1);
    const before = message.lockedUntilUtc.getTime();
    await waitUntil(() => Date.now() > before - 4000);

    const renewed = await receiver.renewMessageLock(message);

    assert.ok(renewed.getTime() > before, `the lock moves forward (${renewed.toISOString()} > ${new Date(before).toISOString()})`);
    assert.equal(message.lockedUntilUtc.getTime(), renewed.getTime());
    await receiver.completeMessage(message);
  });
});

test("completeMessage_AfterTheLockExpired_FailsWithMessageLockLost", async () => {
  await using([bus.client.createSender("short-lock"), bus.client.createReceiver("short-lock", { maxAutoLockRenewalDurationInMs: 0 })], async (sender, receiver) => {
    await sender.sendMessages({ body: "slow" });
    const [message] = await receiveExactly(receiver, 1);
    await waitUntil(() => Date.now() > message.lockedUntilUtc.getTime() + 200, 5000);

    await assert.rejects(receiver.completeMessage(message), (error) => isServiceBusError(error) && error.code === "MessageLockLost");

    const [again] = await receiveExactly(receiver, 1);
    assert.equal(again.body, "slow");
    assert.equal(again.deliveryCount, 1);
    await receiver.completeMessage(again);
  });
});

test("renewMessageLock_AfterTheLockExpired_FailsWithMessageLockLost", async () => {
  await using([bus.client.createSender("short-lock"), bus.client.createReceiver("short-lock", { maxAutoLockRenewalDurationInMs: 0 })], async (sender, receiver) => {
    await sender.sendMessages({ body: "too slow" });
    const [message] = await receiveExactly(receiver, 1);
    await waitUntil(() => Date.now() > message.lockedUntilUtc.getTime() + 200, 5000);

    await assert.rejects(receiver.renewMessageLock(message), (error) => isServiceBusError(error) && error.code === "MessageLockLost");
    const [again] = await receiveExactly(receiver, 1);
    await receiver.completeMessage(again);
  });
});

test("deadLetterMessage_OnATopicSubscription_ReceivedFromTheSubscriptionsDeadLetterQueue", async () => {
  await using([
    bus.client.createSender("orders"),
    bus.client.createReceiver("orders", "all"),
    bus.client.createReceiver("orders", "all", { subQueueType: "deadLetter", receiveMode: "receiveAndDelete" }),
  ], async (sender, receiver, deadLetters) => {
    await sender.sendMessages({ body: "bad order", subject: "orders.placed.v1" });

    const [message] = await receiveExactly(receiver, 1);
    await receiver.deadLetterMessage(message, { deadLetterReason: "UnknownCustomer", deadLetterErrorDescription: "customer 42 does not exist" });

    const [dead] = await receiveExactly(deadLetters, 1);
    assert.equal(dead.body, "bad order");
    assert.equal(dead.subject, "orders.placed.v1");
    assert.equal(dead.deadLetterReason, "UnknownCustomer");
    assert.equal(dead.deadLetterErrorDescription, "customer 42 does not exist");
  });
});
