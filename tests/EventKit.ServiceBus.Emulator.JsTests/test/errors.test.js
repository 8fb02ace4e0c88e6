// Error codes through @azure/service-bus: a missing entity, an oversized message and a full entity.
import { test } from "node:test";
import assert from "node:assert/strict";
import { isServiceBusError } from "@azure/service-bus";
import { useEmulator, receiveExactly, using } from "../support/fixture.js";

const bus = useEmulator();

test("sendMessages_ToAMissingQueue_FailsWithMessagingEntityNotFound", async () => {
  await using([bus.client.createSender("no-such-queue")], async (sender) => {
    await assert.rejects(sender.sendMessages({ body: "lost" }), (error) => isServiceBusError(error) && error.code === "MessagingEntityNotFound");
  });
});

test("receiveMessages_FromAMissingSubscription_FailsWithMessagingEntityNotFound", async () => {
  await using([bus.client.createReceiver("orders", "no-such-subscription")], async (receiver) => {
    await assert.rejects(receiver.receiveMessages(1, { maxWaitTimeInMs: 2000 }), (error) => isServiceBusError(error) && error.code === "MessagingEntityNotFound");
  });
});

test("sendMessages_LargerThanTheLimit_FailsWithMessageSizeExceededAndTheQueueStaysUsable", async () => {
  await using([bus.client.createSender("basic"), bus.client.createReceiver("basic", { receiveMode: "receiveAndDelete" })], async (sender, receiver) => {
    await assert.rejects(sender.sendMessages({ body: Buffer.alloc(300 * 1024, 1) }), (error) => isServiceBusError(error) && error.code === "MessageSizeExceeded");

    await sender.sendMessages({ body: "small" });
    const [message] = await receiveExactly(receiver, 1);
    assert.equal(message.body, "small");
  });
});

test("sendMessages_BeyondMaxSizeInMegabytes_FailsWithQuotaExceeded", async () => {
  await using([bus.client.createSender("quota")], async (sender) => {
    // The queue holds 1 MB: ten messages of 100 KB fit, the eleventh does not.
    let sent = 0;
    let failure;
    while (failure === undefined && sent < 20) {
      try {
        await sender.sendMessages({ body: Buffer.alloc(100 * 1024, 1) });
        sent++;
      } catch (error) {
        failure = error;
      }
    }

    assert.equal(sent, 10);
    assert.ok(isServiceBusError(failure), `expected a ServiceBusError, got ${failure}`);
    assert.equal(failure.code, "QuotaExceeded");
  });
});
