import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { startMoshiStub, type MoshiStub } from "../tests/support/moshi-stub";
import { signInByEmail } from "./auth-helpers";
import { standInEnv } from "./auth-env";
import { snap, uniqueEmail } from "./snap";
import { fakeMicrophone } from "./chromium";

/**
 * Live microphone in the playground, end to end: Chromium's fake microphone plays a real recording
 * (beckett.wav, "Ever tried. Ever failed. …") into the page, which streams it over the realtime API to
 * Kyutai STT — here the moshi-server stand-in, which writes the next word of the script for each stretch
 * of speech, 2.5 s late like the model. The partial text must update while the audio plays.
 *
 * Kyutai is live only where KYUTAI_URL is set, and the shared e2e server keeps it "coming soon" (other
 * specs rely on that), so this spec serves the same build and database itself, with KYUTAI_URL pointing
 * at the stand-in: server.ts on port 3717, the stand-in on 3716.
 */

const APP_PORT = 3717;
const STUB_PORT = 3716;
const origin = `http://localhost:${APP_PORT}`;
const recording = path.resolve("../shared/fixtures/audio/beckett.wav");
const SCRIPT = ["Ever", "tried.", "Ever", "failed.", "No", "matter.", "Try", "again.", "Fail", "again.", "Fail", "better."];

test.use({ baseURL: origin, ...fakeMicrophone(recording) });

async function serveWithKyutai(): Promise<{ stop(): Promise<void>; output(): string }> {
  const databaseUrl = process.env.E2E_DATABASE_URL ?? `file:${path.resolve("data/e2e.db")}`;
  const child: ChildProcess = spawn(process.execPath, ["--import", "tsx", "server.ts", "-H", "localhost", "-p", String(APP_PORT)], {
    env: {
      ...process.env,
      ...standInEnv(),
      DATABASE_URL: databaseUrl,
      PUBLIC_URL: origin,
      KYUTAI_URL: `ws://127.0.0.1:${STUB_PORT}`,
      KYUTAI_API_KEY: "public_token",
      NEXT_TELEMETRY_DISABLED: "1",
    },
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (c: Buffer) => (output += c.toString()));
  child.stderr?.on("data", (c: Buffer) => (output += c.toString()));
  const stop = async () => {
    if (child.exitCode !== null || child.pid === undefined) return;
    const exited = new Promise((resolve) => child.once("exit", resolve));
    process.kill(-child.pid, "SIGTERM");
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 10_000))]);
  };
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server.ts exited (${child.exitCode}):\n${output}`);
    const ok = await fetch(`${origin}/models`).then((r) => r.ok, () => false);
    if (ok) break;
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`server.ts did not answer on ${origin}:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return { stop, output: () => output };
}

test("the live microphone shows partial text updating while the speaker talks, then the final text and its cost", async ({ page }, testInfo) => {
  test.skip(testInfo.project.name !== "desktop", "one browser run is enough for the microphone path");
  test.setTimeout(120_000);
  let stub: MoshiStub | undefined;
  let app: Awaited<ReturnType<typeof serveWithKyutai>> | undefined;
  try {
    stub = await startMoshiStub({ port: STUB_PORT, words: SCRIPT });
    app = await serveWithKyutai();

    await signInByEmail(page, uniqueEmail(testInfo, "live"));
    await page.goto("/playground?model=kyutai/stt-2.6b-en");
    const live = page.getByTestId("live-transcriber");
    await expect(live.getByRole("heading", { name: "Live microphone" })).toBeVisible();
    await live.getByTestId("live-start").click();
    await expect(live.getByTestId("live-status")).toHaveText("Listening — speak now");

    // The text in progress changes as the words come in (each about 2.5 s after it was spoken).
    const seen = new Set<string>();
    await expect
      .poll(
        async () => {
          const partial = live.getByTestId("live-partial");
          if (await partial.count()) seen.add((await partial.innerText()).trim());
          return seen.size;
        },
        { message: "the partial text to update", timeout: 45_000, intervals: [100] },
      )
      .toBeGreaterThanOrEqual(3);
    const texts = [...seen];
    expect(texts.every((t) => SCRIPT.some((w) => t.startsWith(w)))).toBe(true);
    await snap(page, testInfo, "playground-live-listening");

    await live.getByTestId("live-stop").click();
    await expect(live.getByTestId("live-status")).toHaveText("Session ended", { timeout: 30_000 });
    await expect(live.getByTestId("live-final").first()).toBeVisible();
    await expect(live.getByTestId("live-partial")).toHaveCount(0);
    await expect(live.getByTestId("live-usage")).toHaveText(/^\d+\.\d s · \$0\.\d+$/);
    await expect(live.getByRole("alert")).toHaveCount(0);
    expect(stub.stats().accepted).toBe(1);
    await snap(page, testInfo, "playground-live-finished");

    // The session is on the account's ledger, charged once.
    await page.goto("/account");
    await expect(page.getByText(/Realtime · stt-2\.6b-en · \d+ s/).first()).toBeVisible();
  } finally {
    await app?.stop();
    await stub?.stop();
  }
});
