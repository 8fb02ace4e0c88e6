// Sessions through @azure/service-bus: accept a given session or the next one, session state, lock renewal, and the
// error when a session is already locked.
import { test } from "node:test";
import assert from "node:assert/strict";
import { isServiceBusError } from "@azure/service-bus";
import { useEmulator, receiveExactly, using, waitUntil } from "../support/fixture.js";

const bus = useEmulator();

test("acceptSession_GivenId_ReceivesOnlyThatSessionInOrder", async () => {
  await using([bus.client.createSender("sessions")], async (sender) => {
    await sender.sendMessages([
      { body: "a1", sessionId: "a" },
      { body: "b1", sessionId: "b" },
      { body: "a2", sessionId: "a" },
      { body: "a3", sessionId: "a" },
    ]);

    const receiver = await bus.client.acceptSession("sessions", "a");
    await using([receiver], async () => {
      assert.equal(receiver.sessionId, "a");
      assert.ok(receiver.sessionLockedUntilUtc > new Date());
      const received = await receiveExactly(receiver, 3);
      assert.deepEqual(received.map((m) => m.body), ["a1", "a2", "a3"]);
      assert.ok(received.every((m) => m.sessionId === "a"));
      await Promise.all(received.map((m) => receiver.completeMessage(m)));
    });

    const other = await bus.client.acceptSession("sessions", "b", { receiveMode: "receiveAndDelete" });
    await using([other], async () => {
      const [b1] = await receiveExactly(other, 1);
      assert.equal(b1.body, "b1");
    });
  });
});

test("acceptNextSession_OneSessionHasMessages_AcceptsIt", async () => {
  await using([bus.client.createSender("session-next")], async (sender) => {
    await sender.sendMessages({ body: "next", sessionId: "only-one" });

    const receiver = await bus.client.acceptNextSession("session-next", { receiveMode: "receiveAndDelete" });
    await using([receiver], async () => {
      assert.equal(receiver.sessionId, "only-one");
      const [message] = await receiveExactly(receiver, 1);
      assert.equal(message.body, "next");
    });
  });
});

test("setSessionState_ThenGetSessionState_RoundTripsAndSurvivesANewReceiver", async () => {
  await using([bus.client.createSender("session-state")], async (sender) => {
    await sender.sendMessages({ body: "s", sessionId: "stateful" });

    const first = await bus.client.acceptSession("session-state", "stateful");
    await using([first], async () => {
      assert.equal(await first.getSessionState(), null, "a new session has no state");
      await first.setSessionState(JSON.stringify({ step: 2 }));
      const state = await first.getSessionState();
      assert.deepEqual(JSON.parse(Buffer.from(state).toString()), { step: 2 });
    });

    const second = await bus.client.acceptSession("session-state", "stateful", { receiveMode: "receiveAndDelete" });
    await using([second], async () => {
      const state = await second.getSessionState();
      assert.deepEqual(JSON.parse(Buffer.from(state).toString()), { step: 2 });
      await second.setSessionState(null);
      assert.equal(await second.getSessionState(), null, "setting null clears the state");
      await receiveExactly(second, 1);
    });
  });
});

test("renewSessionLock_HeldSession_ExtendsTheLock", async () => {
  await using([bus.client.createSender("session-locks")], async (sender) => {
    await sender.sendMessages({ body: "r", sessionId: "renewed" });
    const receiver = await bus.client.acceptSession("session-locks", "renewed", { maxAutoLockRenewalDurationInMs: 0, receiveMode: "receiveAndDelete" });
    await using([receiver], async () => {
      const before = receiver.sessionLockedUntilUtc.getTime();
      await waitUntil(() => Date.now() > before - 4000);

      const renewed = await receiver.renewSessionLock();

      assert.ok(renewed.getTime() > before);
      assert.equal(receiver.sessionLockedUntilUtc.getTime(), renewed.getTime());
      await receiveExactly(receiver, 1);
    });
  });
});

test("acceptSession_AlreadyLockedByAnotherReceiver_FailsWithSessionCannotBeLocked", async () => {
  await using([bus.client.createSender("session-locks")], async (sender) => {
    await sender.sendMessages({ body: "held", sessionId: "held" });
    const holder = await bus.client.acceptSession("session-locks", "held", { receiveMode: "receiveAndDelete" });
    await using([holder], async () => {
      await assert.rejects(bus.client.acceptSession("session-locks", "held"), (error) => isServiceBusError(error) && error.code === "SessionCannotBeLocked");
      await receiveExactly(holder, 1);
    });
  });
});

test("sendMessages_WithoutSessionIdToASessionQueue_IsRefused", async () => {
  await using([bus.client.createSender("sessions")], async (sender) => {
    // amqp:not-allowed, which the SDK reports as an InvalidOperationError with no more specific code.
    await assert.rejects(sender.sendMessages({ body: "no session" }), (error) => isServiceBusError(error) && /SessionId was not set/.test(error.message));
  });
});

test("peekMessages_OnASessionReceiver_SeesOnlyItsSessionAndAbandonRedeliversInIt", async () => {
  await using([bus.client.createSender("session-peek")], async (sender) => {
    await sender.sendMessages([{ body: "mine-1", sessionId: "mine" }, { body: "theirs", sessionId: "theirs" }, { body: "mine-2", sessionId: "mine" }]);
    const receiver = await bus.client.acceptSession("session-peek", "mine");
    await using([receiver], async () => {
      const peeked = await receiver.peekMessages(10);
      assert.deepEqual(peeked.map((m) => m.body), ["mine-1", "mine-2"]);

      const [first] = await receiveExactly(receiver, 1);
      await receiver.abandonMessage(first);
      const again = await receiveExactly(receiver, 2);
      assert.equal(again[0].body, "mine-1");
      assert.equal(again[0].deliveryCount, 1);
      await Promise.all(again.map((m) => receiver.completeMessage(m)));
    });
  });
});

test("completeMessage_AfterTheSessionLockExpired_FailsWithSessionLockLost", async () => {
  await using([bus.client.createSender("short-sessions")], async (sender) => {
    await sender.sendMessages({ body: "slow session", sessionId: "expiring" });
    const receiver = await bus.client.acceptSession("short-sessions", "expiring", { maxAutoLockRenewalDurationInMs: 0 });
    await using([receiver], async () => {
      const [message] = await receiveExactly(receiver, 1);
      await waitUntil(() => Date.now() > receiver.sessionLockedUntilUtc.getTime() + 200, 5000);

      await assert.rejects(receiver.completeMessage(message), (error) => isServiceBusError(error) && error.code === "SessionLockLost");
    });

    const next = await bus.client.acceptSession("short-sessions", "expiring", { receiveMode: "receiveAndDelete" });
    await using([next], async () => {
      const [again] = await receiveExactly(next, 1);
      assert.equal(again.body, "slow session");
      assert.equal(again.deliveryCount, 1);
    });
  });
});
