// subscribe() through @azure/service-bus: concurrent handlers, completion, and a topic rule managed from the client.
import { test } from "node:test";
import assert from "node:assert/strict";
import { useEmulator, receiveExactly, using, waitUntil } from "../support/fixture.js";

const bus = useEmulator();

test("subscribe_MaxConcurrentCallsFour_HandlesAllConcurrentlyWithinTheLimit", async () => {
  const total = 20;
  await using([bus.client.createSender("subscribe"), bus.client.createReceiver("subscribe")], async (sender, receiver) => {
    await sender.sendMessages(Array.from({ length: total }, (_, n) => ({ body: n })));
    const handled = new Set();
    const errors = [];
    let inFlight = 0;
    let maxInFlight = 0;

    const subscription = receiver.subscribe({
      async processMessage(message) {
        inFlight++;
        maxInFlight = Math.max(maxInFlight, inFlight);
        // Hold each handler until a second one runs beside it (or briefly, for the last ones), so concurrency shows.
        await waitUntil(() => inFlight >= 2 || handled.size >= total - 1, 2000).catch(() => {});
        handled.add(message.body);
        inFlight--;
      },
      async processError(args) {
        errors.push(args.error);
      },
    }, { maxConcurrentCalls: 4, autoCompleteMessages: true });
    try {
      await waitUntil(() => handled.size === total);
    } finally {
      await subscription.close();
    }

    assert.deepEqual(errors, []);
    assert.ok(maxInFlight >= 2, `handlers ran concurrently (max ${maxInFlight})`);
    assert.ok(maxInFlight <= 4, `no more than maxConcurrentCalls at once (max ${maxInFlight})`);
    await waitUntil(async () => (await receiver.peekMessages(1)).length === 0);
  });
});

test("createRuleManager_AddSqlAndCorrelationRules_FilterTheSubscription", async () => {
  const rules = bus.client.createRuleManager("orders", "managed-rules");
  await using([bus.client.createSender("orders"), bus.client.createReceiver("orders", "managed-rules", { receiveMode: "receiveAndDelete" })], async (sender, receiver) => {
    await rules.deleteRule("$Default");
    await rules.createRule("vip", { sqlExpression: "tier = 'vip'" }, { sqlExpression: "SET routed = 'vip'" });
    await rules.createRule("refunds", { subject: "orders.refunded.v1", applicationProperties: { region: "eu" } });
    const listed = [];
    for await (const rule of rules.listRules()) {
      listed.push(rule);
    }
    assert.deepEqual(listed.map((r) => r.name).sort(), ["refunds", "vip"]);
    const vip = listed.find((r) => r.name === "vip");
    assert.equal(vip.filter.sqlExpression, "tier = 'vip'");

    await sender.sendMessages([
      { body: "plain", applicationProperties: { tier: "basic" } },
      { body: "vip", applicationProperties: { tier: "vip" } },
      { body: "refund-us", subject: "orders.refunded.v1", applicationProperties: { region: "us" } },
      { body: "refund-eu", subject: "orders.refunded.v1", applicationProperties: { region: "eu" } },
    ]);

    const received = await receiveExactly(receiver, 2);
    assert.deepEqual(received.map((m) => m.body), ["vip", "refund-eu"]);
    assert.equal(received[0].applicationProperties.routed, "vip");
  });
});

test("createRule_TenThousandNestedParentheses_IsRefusedAndTheSubscriptionKeepsWorking", async () => {
  const rules = bus.client.createRuleManager("orders", "managed-rules");
  const deep = "(".repeat(10_000) + "tier = 'vip'" + ")".repeat(10_000);

  await assert.rejects(rules.createRule("deep", { sqlExpression: deep }), (error) => /nests deeper than/.test(error.message));

  await rules.createRule("after-deep", { sqlExpression: "((tier = 'after'))" });
  const names = [];
  for await (const rule of rules.listRules()) {
    names.push(rule.name);
  }
  assert.ok(names.includes("after-deep"));
  assert.ok(!names.includes("deep"));
  await rules.deleteRule("after-deep");
});
