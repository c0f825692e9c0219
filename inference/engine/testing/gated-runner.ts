/**
 * Test double for the stream worker's runner factory (`loaderModule`): the real Nemotron runner, whose
 * encoder calls obey a gate the test holds in shared memory. While the gate is closed an encoder call
 * waits in the worker (Atomics.wait: the thread it runs on is stopped, which would hang a test whose
 * decoding ran on its own thread); a crash order ends the worker thread at the next call, as a native
 * crash or an out-of-memory kill would.
 */
import { createNemotronRunner as realCreate, type NemotronRunner, type NemotronRunnerOptions } from "../../models/nemotron/runner.js";

/** Int32 slots of the gate's SharedArrayBuffer. */
export const GATE = { closed: 0, waiting: 1, crash: 2 } as const;

export function newGate(): Int32Array {
  return new Int32Array(new SharedArrayBuffer(3 * Int32Array.BYTES_PER_ELEMENT));
}

export async function createNemotronRunner(dir: string, options: NemotronRunnerOptions, gate: Int32Array): Promise<NemotronRunner> {
  const runner = await realCreate(dir, options);
  const encode = runner.sessions.encode.bind(runner.sessions);
  runner.sessions.encode = (...args: Parameters<typeof encode>) => {
    if (Atomics.load(gate, GATE.crash)) process.exit(70);
    if (Atomics.load(gate, GATE.closed)) {
      Atomics.store(gate, GATE.waiting, 1);
      Atomics.wait(gate, GATE.closed, 1);
      Atomics.store(gate, GATE.waiting, 0);
    }
    return encode(...args);
  };
  return runner;
}
