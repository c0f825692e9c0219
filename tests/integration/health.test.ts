import { expectedProvider } from "./support";
import { afterEach, describe, expect, it, vi } from "vitest";
import { catalog } from "@/lib/catalog/models";

async function getHealth(): Promise<Response> {
  const { GET } = await import("@/app/api/health/route");
  return GET(new Request("http://localhost/api/health"));
}

describe("GET /api/health", () => {
  const databaseUrl = process.env.DATABASE_URL;
  afterEach(() => {
    process.env.DATABASE_URL = databaseUrl;
    vi.resetModules();
  });

  it("reports the database and the number of live models", async () => {
    const response = await getHealth();
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      status: "ok",
      database: { ok: true, provider: expectedProvider },
      queue: { backend: "embedded", ok: true },
      // support.ts gives exactly one model (moonshine-micro) its weights.
      engine: expect.objectContaining({ liveModels: 1, catalogModels: catalog.length, requestedProvider: "cpu", queueDepth: 0 }),
    });
  });

  it("answers 503 naming the database when it cannot be reached", async () => {
    // Port 1 on loopback refuses connections at once.
    process.env.DATABASE_URL = "postgresql://nobody@127.0.0.1:1/nothing";
    vi.resetModules();
    const response = await getHealth();
    expect(response.status).toBe(503);
    const body = (await response.json()) as { status: string; database: { ok: boolean; provider: string; error: string } };
    expect(body.status).toBe("error");
    expect(body.database).toMatchObject({ ok: false, provider: "postgresql" });
    expect(body.database.error).toMatch(/^database unreachable/);
    expect(JSON.stringify(body)).not.toContain("nobody@");
  });
});
