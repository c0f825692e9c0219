import { LIVE_MODEL_ID, jsonRequest, newClientIp, unique, type ErrorBody } from "./support";
import { beforeAll, describe, expect, it } from "vitest";
import { POST } from "@/app/api/interest/route";
import { listModels } from "@/lib/catalog";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { waitingCount } from "@/lib/interest";

const signup = (body: unknown, ip = newClientIp()) => POST(jsonRequest("/api/interest", body, ip));
const signupsFor = (modelId: string) => db.interestSignup.count({ where: { modelId } });

let comingSoon: string;

beforeAll(async () => {
  const models = await listModels();
  comingSoon = models.find((m) => m.status === "coming_soon")!.id;
  expect(models.find((m) => m.id === LIVE_MODEL_ID)?.status).toBe("live");
});

describe("POST /api/interest", () => {
  it("stores a signup once per email and model and reports the waiting count", async () => {
    const email = `${unique("Ada")}@Example.com`;
    const before = await waitingCount(comingSoon);

    const first = await signup({ modelId: comingSoon, email, useCase: "  podcast subtitles " });
    expect(first.status).toBe(201);
    expect(await first.json()).toEqual({ ok: true, created: true, waiting: before + 1 });
    expect(first.headers.get("x-request-id")).toMatch(/^req_/);

    const stored = await db.interestSignup.findMany({ where: { email: email.toLowerCase() } });
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ modelId: comingSoon, useCase: "podcast subtitles" });

    // The same person again, typed differently: nothing new is stored, the count does not move.
    const again = await signup({ modelId: comingSoon, email: `  ${email.toUpperCase()} ` });
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual({ ok: true, created: false, waiting: before + 1 });
    expect(await signupsFor(comingSoon)).toBe(before + 1);
    expect(await waitingCount(comingSoon)).toBe(before + 1);
  });

  it("accepts the model's short name and stores the canonical id", async () => {
    const model = (await listModels()).find((m) => m.id === comingSoon)!;
    const email = `${unique("short")}@example.com`;
    const response = await signup({ modelId: model.shortName.toUpperCase(), email });
    expect(response.status).toBe(201);
    expect(await db.interestSignup.findFirst({ where: { email } })).toMatchObject({ modelId: comingSoon });
  });

  it.each([
    ["an invalid email", { email: "not-an-email" }, "email"],
    ["an empty email", { email: "   " }, "email"],
    ["a missing email", { email: undefined }, "email"],
    ["an over-long email", { email: `${"a".repeat(250)}@example.com` }, "email"],
    ["an over-long use case", { useCase: "x".repeat(1001) }, "useCase"],
    ["an empty model id", { modelId: "" }, "modelId"],
  ])("rejects %s with 422 naming the field and stores nothing", async (_what, override, param) => {
    const before = await signupsFor(comingSoon);
    const response = await signup({ modelId: comingSoon, email: `${unique("v")}@example.com`, ...override });
    expect(response.status).toBe(422);
    const body = (await response.json()) as ErrorBody;
    expect(body.error).toMatchObject({ type: "invalid_request_error", param });
    expect(body.error.message.length).toBeGreaterThan(10);
    expect(await signupsFor(comingSoon)).toBe(before);
  });

  it("rejects a body that is not JSON with 400", async () => {
    const response = await POST(jsonRequest("/api/interest", "{email: nope", newClientIp()));
    expect(response.status).toBe(400);
    expect(((await response.json()) as ErrorBody).error.code).toBe("invalid_json");
  });

  it("answers 404 for a model that is not in the catalog and stores nothing", async () => {
    const email = `${unique("x")}@example.com`;
    const response = await signup({ modelId: "nobody/no-such-model", email });
    expect(response.status).toBe(404);
    expect(((await response.json()) as ErrorBody).error).toMatchObject({ param: "modelId", code: "model_not_found" });
    expect(await db.interestSignup.count({ where: { email } })).toBe(0);
  });

  it("answers 409 for a live model, pointing at its page, and stores nothing", async () => {
    const before = await signupsFor(LIVE_MODEL_ID);
    const response = await signup({ modelId: LIVE_MODEL_ID, email: `${unique("live")}@example.com` });
    expect(response.status).toBe(409);
    const body = (await response.json()) as ErrorBody;
    expect(body.error.code).toBe("model_is_live");
    expect(body.error.message).toContain(`/models/${LIVE_MODEL_ID}`);
    expect(await signupsFor(LIVE_MODEL_ID)).toBe(before);
  });

  it("still stores the signup when the database was seeded before the model joined the catalog", async () => {
    // The last coming-soon model, so no other test's rows depend on its catalog row.
    const model = (await listModels()).filter((m) => m.status === "coming_soon").at(-1)!;
    await db.catalogModel.delete({ where: { id: model.id } });

    const email = `${unique("late")}@example.com`;
    const response = await signup({ modelId: model.id, email });
    expect(response.status).toBe(201);
    expect(await db.catalogModel.findUnique({ where: { id: model.id } })).toMatchObject({ shortName: model.shortName });
    expect(await db.interestSignup.count({ where: { email, modelId: model.id } })).toBe(1);
  });

  it("rate-limits a burst from one client with 429 + Retry-After and stores nothing for it", async () => {
    const ip = newClientIp();
    for (let i = 0; i < env.WRITE_RATE_LIMIT_PER_MINUTE; i++) {
      const ok = await signup({ modelId: comingSoon, email: `${unique("burst")}@example.com` }, ip);
      expect(ok.status).toBe(201);
    }
    const email = `${unique("over")}@example.com`;
    const limited = await signup({ modelId: comingSoon, email }, ip);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    expect(((await limited.json()) as ErrorBody).error.type).toBe("rate_limit_error");
    expect(await db.interestSignup.count({ where: { email } })).toBe(0);

    // Another client is not affected.
    expect((await signup({ modelId: comingSoon, email })).status).toBe(201);
  });
});
