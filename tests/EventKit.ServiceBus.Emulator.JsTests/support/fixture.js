// One emulator and one ServiceBusClient per test file, with short SDK timeouts so that a defect fails fast.
import { after, before } from "node:test";
import { ServiceBusClient } from "@azure/service-bus";
import { startEmulator } from "./emulator.js";

/** How long a receive may wait for a message that is expected to arrive. */
export const arrivalTimeoutMs = 10_000;

/**
 * Registers the file's emulator and client.
 * @param {{ maxMessageSize?: number }} [options]
 * @returns {{ client: ServiceBusClient, connectionString: string }}
 */
export function useEmulator(options = {}) {
  const context = {};
  before(async () => {
    context.emulator = await startEmulator(options);
    context.connectionString = context.emulator.connectionString;
    context.client = new ServiceBusClient(context.emulator.connectionString, { retryOptions: { maxRetries: 1, timeoutInMs: 10_000, retryDelayInMs: 200 } });
  });
  after(async () => {
    await context.client?.close();
    await context.emulator?.stop();
  });
  return context;
}

/** Receives until `count` messages arrived (or fails after arrivalTimeoutMs). */
export async function receiveExactly(receiver, count) {
  const received = [];
  const deadline = Date.now() + arrivalTimeoutMs;
  while (received.length < count && Date.now() < deadline) {
    const batch = await receiver.receiveMessages(count - received.length, { maxWaitTimeInMs: Math.max(100, deadline - Date.now()) });
    received.push(...batch);
  }
  if (received.length < count) {
    throw new Error(`Expected ${count} messages but received ${received.length} within ${arrivalTimeoutMs} ms.`);
  }
  return received;
}

/** Waits until `condition()` is true, checking every 20 ms for at most `timeoutMs`. */
export async function waitUntil(condition, timeoutMs = arrivalTimeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) {
      throw new Error(`The condition was not met within ${timeoutMs} ms.`);
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Runs `body` with the given closables and closes them afterwards. */
export async function using(closables, body) {
  try {
    return await body(...closables);
  } finally {
    for (const closable of closables) {
      await closable.close();
    }
  }
}
