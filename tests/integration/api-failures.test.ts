/**
 * What happens to held credit when the engine fails after the hold: the route handler runs in this
 * process against the real database, with only the engine door (lib/openai/engine) replaced by one that
 * decodes for real and then fails, the way a crashed worker or a broken model would.
 */
import "./support";
import { decodeAudio } from "@/inference";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { getBalance } from "@/lib/credits";
import { db } from "@/lib/db";
import { UnavailableError } from "@/lib/errors";
import { createApiUser, ledgerOf, spokenWord } from "@/tests/support/api-fixtures";

const engine = vi.hoisted(() => ({ failure: new Error("boom") as Error }));

vi.mock("@/lib/openai/engine", () => ({
  decodeForEngine: (bytes: Uint8Array, options: object) => decodeAudio(bytes, options),
  maxAudioSeconds: async () => 10,
  runEngine: async () => {
    throw engine.failure;
  },
}));

const { POST } = await import("@/app/v1/audio/transcriptions/route");

function request(key: string, fields: Record<string, string> = {}): Request {
  const form = new FormData();
  form.append("file", new Blob([new Uint8Array(spokenWord("seven"))]), "seven.wav");
  form.append("model", "moonshine-micro");
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  return new Request("http://localhost/v1/audio/transcriptions", { method: "POST", headers: { authorization: `Bearer ${key}` }, body: form });
}

beforeAll(() => {
  vi.spyOn(console, "error").mockImplementation(() => undefined);
});

describe("engine failure after the hold", () => {
  it("releases the hold and the key's reservation, answers 500 and logs the failure at no cost", async () => {
    engine.failure = new Error("native crash");
    const user = await createApiUser({ creditMicroUsd: 1000, key: { spendLimitMicroUsd: 500 } });

    const response = await POST(request(user.key));
    expect(response.status).toBe(500);
    const requestId = response.headers.get("x-request-id")!;
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe("internal_error");

    expect(await getBalance(user.userId)).toEqual({ availableMicroUsd: 1000, heldMicroUsd: 0, totalMicroUsd: 1000 });
    const entries = (await ledgerOf(user.userId)).filter((e) => e.reference === requestId);
    expect(entries.map((e) => e.kind)).toEqual(["hold", "release"]);
    expect(entries[1]!.closesHoldId).toBe(entries[0]!.id);
    expect(await db.apiKey.findUniqueOrThrow({ where: { id: user.keyId } })).toMatchObject({ heldMicroUsd: 0n, spentMicroUsd: 0n });
    expect(await db.apiRequest.findUniqueOrThrow({ where: { id: requestId } })).toMatchObject({
      status: 500,
      errorCode: "internal_error",
      costMicroUsd: 0n,
      holdId: entries[0]!.id,
    });
  });

  it("answers 503 for an engine that is unavailable, and releases the hold", async () => {
    engine.failure = new UnavailableError("The engine worker crashed.", { code: "engine_unavailable" });
    const user = await createApiUser({ creditMicroUsd: 1000 });
    const response = await POST(request(user.key));
    expect(response.status).toBe(503);
    expect(await getBalance(user.userId)).toMatchObject({ availableMicroUsd: 1000, heldMicroUsd: 0 });
  });

  it("ends a stream with an error event and releases the hold", async () => {
    engine.failure = new Error("native crash");
    const user = await createApiUser({ creditMicroUsd: 1000 });
    const response = await POST(request(user.key, { stream: "true" }));
    // Everything checkable was checked before the stream began: the failure comes as an event.
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^text\/event-stream/);
    const body = await response.text();
    // After the opening comment that sends the headers at once, the error is the one and only event.
    expect(body).toMatch(/^: connected\n\ndata: \{"error":\{"message":"Internal server error\.","type":"api_error","param":null,"code":"internal_error"\}\}\n\n$/);
    expect(await getBalance(user.userId)).toMatchObject({ availableMicroUsd: 1000, heldMicroUsd: 0 });
    const logged = await db.apiRequest.findUniqueOrThrow({ where: { id: response.headers.get("x-request-id")! } });
    expect(logged).toMatchObject({ status: 500, stream: true, costMicroUsd: 0n });
  });
});
