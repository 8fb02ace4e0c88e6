// Starts the emulator's CLI in its own process, as users run it, on a free loopback port with this suite's topology,
// and stops it. Each test file gets its own emulator (node --test runs files in separate processes).
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import path from "node:path";

const here = path.dirname(fileURLToPath(import.meta.url));
const suiteRoot = path.resolve(here, "..");
const repositoryRoot = path.resolve(suiteRoot, "../..");
const configuration = process.env.CONFIGURATION ?? "Release";
const startTimeoutMs = 60_000;

/** The built CLI: EVENTKIT_EMULATOR_CLI (a .dll) if set, else the solution's build output for $CONFIGURATION. */
function cliPath() {
  const dll = process.env.EVENTKIT_EMULATOR_CLI ?? path.join(repositoryRoot, "src/EventKit.ServiceBus.Emulator.Cli/bin", configuration, "net10.0/eventkit-sb-emulator.dll");
  if (!existsSync(dll)) {
    throw new Error(`The emulator CLI is not built at ${dll}. Build it first: dotnet build src/EventKit.ServiceBus.Emulator.Cli -c ${configuration}`);
  }
  return dll;
}

/**
 * Starts the emulator and resolves once it prints its connection string.
 * @param {{ maxMessageSize?: number }} [options]
 * @returns {Promise<{ connectionString: string, output: () => string, stop: () => Promise<void> }>}
 */
export async function startEmulator(options = {}) {
  const args = [cliPath(), "--config", path.join(suiteRoot, "topology.json"), "--host", "127.0.0.1", "--port", "0", "--inspection-port", "-1", "--log-level", process.env.EVENTKIT_EMULATOR_LOG_LEVEL ?? "Information"];
  if (options.maxMessageSize) {
    args.push("--max-message-size", String(options.maxMessageSize));
  }

  const child = spawn("dotnet", args, { stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, DOTNET_NOLOGO: "1" } });
  let output = "";
  const exited = new Promise((resolve) => child.once("exit", (code, signal) => resolve({ code, signal })));
  const connectionString = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`The emulator did not report ready within ${startTimeoutMs} ms. Output:\n${output}`)), startTimeoutMs);
    const onData = (chunk) => {
      output += chunk;
      const match = /Connection string: (\S+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout.setEncoding("utf8").on("data", onData);
    child.stderr.setEncoding("utf8").on("data", onData);
    exited.then(({ code }) => {
      clearTimeout(timer);
      reject(new Error(`The emulator exited with code ${code} before it was ready. Output:\n${output}`));
    });
  });

  return {
    connectionString,
    output: () => output,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill("SIGINT");
        const forced = setTimeout(() => child.kill("SIGKILL"), 10_000);
        await exited;
        clearTimeout(forced);
      }
    },
  };
}
