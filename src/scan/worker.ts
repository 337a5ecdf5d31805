/**
 * Entry of a scan worker thread (`pool.ts`): scans the units it is sent, one at a time and in the order sent (the main
 * thread times each unit's budget from that order), reading the next ones' files meanwhile, and answers with plain
 * data.
 */
import { parentPort, workerData } from "node:worker_threads";
import { RULES } from "../rules/index.js";
import { ruleSettings } from "../engine/config.js";
import { analyseUnit, contextFor, readUnit, unitContext, type UnitSettings } from "./unit.js";
import type { FromWorker, ToWorker } from "./pool.js";
import { currentThreadClock } from "./cpu-clock.js";

const port = parentPort;
if (!port) throw new Error("worker.ts runs in a worker thread only");
const settings = workerData as UnitSettings;
const context = unitContext(settings, RULES, ruleSettings(RULES, settings.config));
const send = (message: FromWorker) => port.postMessage(message);

let chain: Promise<void> = Promise.resolve();
port.on("message", ({ index, unit }: ToWorker) => {
  const reading = readUnit(unit, settings.maxFileSize, true);
  reading.catch(() => undefined);
  chain = chain.then(async () => {
    try {
      const loaded = await reading;
      send({ type: "done", index, result: await analyseUnit(loaded, contextFor(unit, context)) });
    } catch (error) {
      send({ type: "failed", index, message: error instanceof Error ? (error.stack ?? error.message) : String(error) });
    }
  });
});
// The main thread times each unit by this thread's CPU clock, which it reads itself while the unit runs.
const clock = currentThreadClock();
send({ type: "ready", ...(clock ? { clock } : {}) });
