/**
 * The moshi-server stand-in as a process, for end-to-end tests and for trying the realtime API by hand
 * without a GPU:
 *
 *   npx tsx tests/support/moshi-stub/cli.ts --port 3710 [--api-key public_token] [--words "ever tried ever failed"]
 *   KYUTAI_URL=ws://127.0.0.1:3710 npm start
 *
 * It "recognises" each stretch of sound as the next word of --words (see index.ts).
 */
import { parseArgs } from "node:util";
import { startMoshiStub } from "./index";

const { values } = parseArgs({
  options: {
    port: { type: "string", default: "3710" },
    host: { type: "string", default: "127.0.0.1" },
    "api-key": { type: "string", multiple: true },
    words: { type: "string" },
    "delay-steps": { type: "string" },
    threshold: { type: "string" },
  },
});

const stub = await startMoshiStub({
  port: Number(values.port),
  host: values.host,
  ...(values["api-key"] ? { apiKeys: values["api-key"] } : {}),
  ...(values.words ? { words: values.words.split(/\s+/).filter(Boolean) } : {}),
  ...(values["delay-steps"] ? { delaySteps: Number(values["delay-steps"]) } : {}),
  ...(values.threshold ? { threshold: Number(values.threshold) } : {}),
});
console.log(`moshi-server stand-in listening on ${stub.url}/api/asr-streaming`);

const stop = () => void stub.stop().then(() => process.exit(0));
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
