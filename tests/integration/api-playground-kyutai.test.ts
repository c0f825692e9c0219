/**
 * The playground on a streaming model, against the built site pointed at a moshi-server (the stand-in)
 * through KYUTAI_URL: the run's event stream carries the text as Kyutai writes it, then the transcript
 * with word times and its price; and the live model's page shows its launch price as a real price.
 */
import "./support";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunEvent } from "@/lib/playground/wire";
import { startApiServer, type ApiServer } from "@/tests/support/api-server";
import { startMoshiStub, type MoshiStub } from "@/tests/support/moshi-stub";
import { toneBursts, toWav } from "@/tests/support/tone-audio";
import { playgroundClient } from "./playground-support";

const PORT = 3968;
const KYUTAI = "kyutai/stt-2.6b-en";
let moshi: MoshiStub;
let server: ApiServer;
const { signedIn, submitted, openEvents } = playgroundClient(`http://localhost:${PORT}`, 1_000_000);

beforeAll(async () => {
  moshi = await startMoshiStub({ port: 3969, label: "pitch" });
  server = await startApiServer({
    port: PORT,
    env: {
      KYUTAI_URL: moshi.url,
      KYUTAI_API_KEY: "public_token",
      AUTH_SECRET: "playground-kyutai-secret-0123456789abcdef0123456789",
      // The stand-in answers at once: a short pause before each job runs lets the test's stream be
      // listening before the first partial (a page that connects late still gets the later, cumulative ones).
      QUEUE_TEST_RUN_DELAY_MS: "1000",
    },
  });
});
afterAll(async () => {
  await server?.stop();
  await moshi?.stop();
});

const tones = () =>
  toWav(
    toneBursts(
      [
        { start: 0.5, end: 0.9, hz: 300 },
        { start: 1.1, end: 1.5, hz: 500 },
      ],
      3.2,
    ),
  );

describe("Kyutai in the playground", () => {
  it("streams the text as the model writes it, then the transcript with word times, charged by the second", async () => {
    const person = await signedIn();
    const run = await submitted({ cookie: person.cookie, fields: { model: KYUTAI, response_format: "json", stream: "true" }, audio: tones(), fileName: "tones.wav" });
    const events = openEvents(run.id, person.cookie);
    const partials: string[] = [];
    let final: RunEvent;
    for (;;) {
      const event = await events.next(["running", "queued"]);
      if (event.type !== "partial") {
        final = event;
        break;
      }
      partials.push(event.text);
    }
    events.close();
    expect(partials.length).toBeGreaterThan(0);
    expect(partials.at(-1)).toBe("tone300 tone500");
    for (const text of partials) expect("tone300 tone500".startsWith(text.trim())).toBe(true);
    expect(final).toMatchObject({ type: "completed", billed_seconds: 4, cost_micro_usd: 227, result: { text: "tone300 tone500" } });
    expect((final as Extract<RunEvent, { type: "completed" }>).result.words?.map((w) => w.word)).toEqual(["tone300", "tone500"]);
  });

  it("shows the live model's launch price as a price, not as a coming-soon estimate", async () => {
    const html = await (await fetch(`http://localhost:${PORT}/models/${KYUTAI}`)).text();
    const text = html.replace(/<!-- -->/g, "").replace(/<[^>]+>/g, " ").replace(/\s+/g, " ");
    // The model's own figures (related models' cards further down keep their coming-soon estimates).
    expect(text).toContain("price $0.0034 per audio minute");
    expect(text).toContain("is served now at $0.0034 / min");
    expect(text).not.toContain("est. price");
    expect(text).not.toContain("estimated, set at launch");
  });
});
