// Sending and receiving through @azure/service-bus: single and batch sends, both receive modes, many at once, peek,
// and message fidelity (system properties, application property types, id types, body sections).
import { test } from "node:test";
import assert from "node:assert/strict";
import { useEmulator, receiveExactly, using, arrivalTimeoutMs } from "../support/fixture.js";

const bus = useEmulator();

test("sendMessages_Single_ReceivedInPeekLockAndCompleted", async () => {
  await using([bus.client.createSender("basic"), bus.client.createReceiver("basic")], async (sender, receiver) => {
    await sender.sendMessages({ body: "hello", messageId: "m-1" });

    const [message] = await receiveExactly(receiver, 1);
    assert.equal(message.body, "hello");
    assert.equal(message.messageId, "m-1");
    assert.equal(message.deliveryCount, 0);
    assert.ok(message.lockToken, "a peek-lock message has a lock token");
    assert.ok(message.lockedUntilUtc > new Date(Date.now() - 1000));
    await receiver.completeMessage(message);
  });
});

test("sendMessages_Array_AllReceivedInOrder", async () => {
  await using([bus.client.createSender("batch"), bus.client.createReceiver("batch", { receiveMode: "receiveAndDelete" })], async (sender, receiver) => {
    await sender.sendMessages([1, 2, 3, 4, 5].map((n) => ({ body: `array-${n}` })));

    const received = await receiveExactly(receiver, 5);
    assert.deepEqual(received.map((m) => m.body), ["array-1", "array-2", "array-3", "array-4", "array-5"]);
  });
});

test("createMessageBatch_TenMessages_AllReceivedWithIncreasingSequenceNumbers", async () => {
  await using([bus.client.createSender("batch"), bus.client.createReceiver("batch", { receiveMode: "receiveAndDelete" })], async (sender, receiver) => {
    const batch = await sender.createMessageBatch();
    for (let n = 0; n < 10; n++) {
      assert.ok(batch.tryAddMessage({ body: { n }, applicationProperties: { n } }));
    }
    await sender.sendMessages(batch);

    const received = await receiveExactly(receiver, 10);
    assert.deepEqual(received.map((m) => m.body.n), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    assert.deepEqual(received.map((m) => m.applicationProperties.n), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    const sequenceNumbers = received.map((m) => m.sequenceNumber.toNumber());
    assert.deepEqual([...sequenceNumbers].sort((a, b) => a - b), sequenceNumbers);
  });
});

test("receiveMessages_ReceiveAndDelete_MessageIsGoneAfterwards", async () => {
  await using([bus.client.createSender("receive-and-delete"), bus.client.createReceiver("receive-and-delete", { receiveMode: "receiveAndDelete" })], async (sender, receiver) => {
    await sender.sendMessages({ body: "once" });

    const [message] = await receiveExactly(receiver, 1);
    assert.equal(message.body, "once");
    assert.equal(message.lockToken, undefined);
    const left = await receiver.peekMessages(10);
    assert.equal(left.length, 0);
  });
});

test("receiveMessages_FiftyAtOnce_ReceivesAllFromOneCreditGrant", async () => {
  await using([bus.client.createSender("many"), bus.client.createReceiver("many")], async (sender, receiver) => {
    await sender.sendMessages(Array.from({ length: 50 }, (_, n) => ({ body: n })));

    const received = await receiveExactly(receiver, 50);
    assert.deepEqual(received.map((m) => m.body), Array.from({ length: 50 }, (_, n) => n));
    await Promise.all(received.map((m) => receiver.completeMessage(m)));
    assert.equal((await receiver.peekMessages(10)).length, 0);
  });
});

test("peekMessages_FromSequenceNumber_ReturnsWithoutLocking", async () => {
  await using([bus.client.createSender("peek"), bus.client.createReceiver("peek")], async (sender, receiver) => {
    await sender.sendMessages([{ body: "p1" }, { body: "p2" }, { body: "p3" }]);

    const all = await receiver.peekMessages(10);
    assert.deepEqual(all.map((m) => m.body), ["p1", "p2", "p3"]);
    assert.ok(all.every((m) => m.lockToken === undefined));
    const fromSecond = await receiver.peekMessages(10, { fromSequenceNumber: all[1].sequenceNumber });
    assert.deepEqual(fromSecond.map((m) => m.body), ["p2", "p3"]);

    const received = await receiveExactly(receiver, 3);
    assert.deepEqual(received.map((m) => m.body), ["p1", "p2", "p3"]);
    assert.ok(received.every((m) => m.deliveryCount === 0), "peeking does not count as a delivery");
    await Promise.all(received.map((m) => receiver.completeMessage(m)));
  });
});

test("sendMessages_AllSystemAndApplicationProperties_ArriveUnchanged", async () => {
  const timestamp = new Date("2026-01-02T03:04:05.678Z");
  const receiveOptions = { receiveMode: "receiveAndDelete", skipConvertingDate: true };
  await using([bus.client.createSender("fidelity"), bus.client.createReceiver("fidelity", receiveOptions)], async (sender, receiver) => {
    await sender.sendMessages({
      body: { order: 7, lines: ["a", "b"] },
      messageId: "id-1",
      correlationId: "order-7",
      subject: "orders.placed.v1",
      contentType: "application/json",
      to: "someone",
      replyTo: "replies",
      replyToSessionId: "reply-session",
      timeToLive: 60_000,
      applicationProperties: { text: "x", integer: 42, negative: -7, fraction: 1.5, flag: true, when: timestamp, big: 2 ** 40 },
    });

    const [message] = await receiveExactly(receiver, 1);
    assert.deepEqual(message.body, { order: 7, lines: ["a", "b"] });
    assert.equal(message.messageId, "id-1");
    assert.equal(message.correlationId, "order-7");
    assert.equal(message.subject, "orders.placed.v1");
    assert.equal(message.contentType, "application/json");
    assert.equal(message.to, "someone");
    assert.equal(message.replyTo, "replies");
    assert.equal(message.replyToSessionId, "reply-session");
    assert.equal(message.timeToLive, 60_000);
    assert.ok(message.enqueuedTimeUtc instanceof Date);
    assert.ok(message.expiresAtUtc.getTime() - message.enqueuedTimeUtc.getTime() === 60_000);
    const properties = message.applicationProperties;
    assert.equal(properties.text, "x");
    assert.equal(properties.integer, 42);
    assert.equal(properties.negative, -7);
    assert.equal(properties.fraction, 1.5);
    assert.equal(properties.flag, true);
    assert.ok(properties.when instanceof Date, `a timestamp stays a timestamp (got ${typeof properties.when})`);
    assert.equal(properties.when.getTime(), timestamp.getTime());
    assert.equal(properties.big, 2 ** 40);
  });
});

// rhea sends a number id as ulong and a Buffer id as uuid.
test("sendMessages_UlongAndUuidIds_ArriveWithTheirTypes", async () => {
  const uuid = Buffer.from("00112233445566778899aabbccddeeff", "hex");
  const otherUuid = Buffer.from("ffeeddccbbaa99887766554433221100", "hex");
  await using([bus.client.createSender("fidelity"), bus.client.createReceiver("fidelity", { receiveMode: "receiveAndDelete" })], async (sender, receiver) => {
    await sender.sendMessages([
      { body: "ulong", messageId: 12345, correlationId: 678 },
      { body: "uuid", messageId: uuid, correlationId: otherUuid },
    ]);

    const [ulong, uuidMessage] = await receiveExactly(receiver, 2);
    assert.equal(Number(ulong.messageId), 12345);
    assert.equal(Number(ulong.correlationId), 678);
    assert.ok(Buffer.isBuffer(uuidMessage.messageId), `a uuid message id stays a uuid (got ${typeof uuidMessage.messageId})`);
    assert.deepEqual(uuidMessage.messageId, uuid);
    assert.deepEqual(uuidMessage.correlationId, otherUuid);
  });
});

test("sendMessages_WithoutMessageId_TheBrokerAssignsOne", async () => {
  await using([bus.client.createSender("fidelity"), bus.client.createReceiver("fidelity", { receiveMode: "receiveAndDelete" })], async (sender, receiver) => {
    await sender.sendMessages([{ body: "first" }, { body: "second" }]);

    const [first, second] = await receiveExactly(receiver, 2);
    assert.equal(typeof first.messageId, "string");
    assert.ok(first.messageId.length > 0);
    assert.notEqual(first.messageId, second.messageId);
  });
});

test("sendMessages_EachBodySection_ArrivesWithItsType", async () => {
  await using([bus.client.createSender("fidelity"), bus.client.createReceiver("fidelity", { receiveMode: "receiveAndDelete" })], async (sender, receiver) => {
    await sender.sendMessages([
      { body: Buffer.from("raw bytes") },
      { body: { kind: "value", items: [1, 2] } },
      { body: [["row", 1], ["row", 2]] },
    ]);
    const value = { body: { nested: { a: [1, "two", true] } }, bodyType: "value" };
    const sequence = { body: [[1, 2, 3], ["x", "y"]], bodyType: "sequence" };
    await sender.sendMessages([value, sequence]);

    const received = await receiveExactly(receiver, 5);
    assert.deepEqual(received[0].body, Buffer.from("raw bytes"));
    assert.equal(received[0]._rawAmqpMessage.bodyType, "data");
    assert.deepEqual(received[1].body, { kind: "value", items: [1, 2] });
    assert.deepEqual(received[2].body, [["row", 1], ["row", 2]]);
    assert.deepEqual(received[3].body, { nested: { a: [1, "two", true] } });
    assert.equal(received[3]._rawAmqpMessage.bodyType, "value");
    assert.deepEqual(received[4].body, [[1, 2, 3], ["x", "y"]]);
    assert.equal(received[4]._rawAmqpMessage.bodyType, "sequence");
  });
});

test("sendMessages_ToTopic_EachSubscriptionFiltersAsItsRuleSays", { timeout: arrivalTimeoutMs * 3 }, async () => {
  await using([
    bus.client.createSender("orders"),
    bus.client.createReceiver("orders", "all", { receiveMode: "receiveAndDelete" }),
    bus.client.createReceiver("orders", "placed", { receiveMode: "receiveAndDelete" }),
    bus.client.createReceiver("orders", "big-eu", { receiveMode: "receiveAndDelete" }),
  ], async (sender, all, placed, bigEu) => {
    await sender.sendMessages([
      { body: "placed-small", subject: "orders.placed.v1", applicationProperties: { amount: 5, region: "eu" } },
      { body: "shipped-big-eu", subject: "orders.shipped.v1", applicationProperties: { amount: 500, region: "eu" } },
      { body: "placed-big-us", subject: "orders.placed.v1", applicationProperties: { amount: 500, region: "us" } },
    ]);

    assert.deepEqual((await receiveExactly(all, 3)).map((m) => m.body), ["placed-small", "shipped-big-eu", "placed-big-us"]);
    assert.deepEqual((await receiveExactly(placed, 2)).map((m) => m.body), ["placed-small", "placed-big-us"]);
    const [gold] = await receiveExactly(bigEu, 1);
    assert.equal(gold.body, "shipped-big-eu");
    assert.equal(gold.applicationProperties.tier, "gold", "the rule's SQL action ran");
  });
});
