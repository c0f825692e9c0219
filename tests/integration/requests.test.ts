import { jsonRequest, newClientIp, unique, type ErrorBody } from "./support";
import { describe, expect, it } from "vitest";
import { GET, POST } from "@/app/api/requests/route";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import type { OpenRequest, RequestResult } from "@/lib/requests";

const ask = (body: unknown, ip = newClientIp()) => POST(jsonRequest("/api/requests", body, ip));
const requestRows = () => db.modelRequest.count();
const voteRows = () => db.requestVote.count();

async function list(): Promise<OpenRequest[]> {
  const response = await GET(new Request("http://localhost/api/requests"));
  expect(response.status).toBe(200);
  return ((await response.json()) as { requests: OpenRequest[] }).requests;
}

describe("POST /api/requests", () => {
  it("merges the same model typed as an id, a URL and in other casing into one request with votes", async () => {
    const org = unique("Acme");
    const first = await ask({ model: `${org}/Speech-XL`, reason: "  best WER for Finnish " });
    expect(first.status).toBe(201);
    const created = (await first.json()) as RequestResult;
    expect(created).toMatchObject({ created: true, voted: true, request: { model: `${org}/Speech-XL`, votes: 1 } });

    const spellings = [
      `https://huggingface.co/${org.toLowerCase()}/speech-xl/`,
      `huggingface.co/${org}/SPEECH-XL/tree/main`,
      `  ${org.toUpperCase()}/speech-xl//  `,
    ];
    for (const [i, model] of spellings.entries()) {
      const response = await ask({ model });
      expect(response.status).toBe(201);
      const body = (await response.json()) as RequestResult;
      expect(body).toMatchObject({ created: false, voted: true, request: { id: created.request.id, votes: i + 2 } });
      // The first spelling stays the one shown.
      expect(body.request.model).toBe(`${org}/Speech-XL`);
    }
    expect(await db.modelRequest.count({ where: { key: `${org}/speech-xl`.toLowerCase() } })).toBe(1);
    const vote = await db.requestVote.findFirst({ where: { requestId: created.request.id, reason: { not: null } } });
    expect(vote?.reason).toBe("best WER for Finnish");
  });

  it("counts one vote per voter: the same client, or the same email from anywhere", async () => {
    const model = `${unique("org")}/whisper-fi`;
    const ip = newClientIp();
    expect((await ask({ model }, ip)).status).toBe(201);

    const repeat = await ask({ model }, ip);
    expect(repeat.status).toBe(200);
    expect(await repeat.json()).toMatchObject({ created: false, voted: false, request: { votes: 1 } });

    const email = `${unique("Voter")}@Example.org`;
    expect((await ask({ model, email })).status).toBe(201);
    const sameEmail = await ask({ model, email: email.toLowerCase() });
    expect(await sameEmail.json()).toMatchObject({ voted: false, request: { votes: 2 } });
  });

  it("takes GitHub links as org/name and drops .git", async () => {
    const org = unique("gh");
    const response = await ask({ model: `https://github.com/${org}/tiny-asr.git` });
    expect(response.status).toBe(201);
    const body = (await response.json()) as RequestResult;
    expect(body.request).toMatchObject({ model: `${org}/tiny-asr`, url: `https://github.com/${org}/tiny-asr` });
  });

  it.each([
    ["its id", "openai/whisper-large-v3"],
    ["its id in other casing", "OpenAI/Whisper-Large-V3"],
    ["its Hugging Face URL", "https://huggingface.co/openai/whisper-large-v3/"],
    ["its short name", "whisper-large-v3"],
  ])("answers 409 pointing at the model page for a catalog model given by %s, storing nothing", async (_what, model) => {
    const [requests, votes] = [await requestRows(), await voteRows()];
    const response = await ask({ model });
    expect(response.status).toBe(409);
    expect(response.headers.get("location")).toBe("/models/openai/whisper-large-v3");
    const body = (await response.json()) as ErrorBody;
    expect(body.error).toMatchObject({ param: "model", code: "model_in_catalog" });
    expect(body.error.message).toContain("/models/openai/whisper-large-v3");
    expect([await requestRows(), await voteRows()]).toEqual([requests, votes]);
  });

  it.each([
    ["an empty model", { model: "  " }, "model"],
    ["a model without an org", { model: "just-a-name" }, "model"],
    ["a link to another site", { model: "https://example.com/org/model" }, "model"],
    ["a Hugging Face dataset", { model: "https://huggingface.co/datasets/org/corpus" }, "model"],
    ["a name with odd characters", { model: "org/na me" }, "model"],
    ["an over-long model", { model: `org/${"m".repeat(400)}` }, "model"],
    ["an over-long reason", { model: "org/fine", reason: "r".repeat(1001) }, "reason"],
    ["an invalid email", { model: "org/fine", email: "voter@" }, "email"],
  ])("rejects %s with 422 naming the field and stores nothing", async (_what, body, param) => {
    const [requests, votes] = [await requestRows(), await voteRows()];
    const response = await ask(body);
    expect(response.status).toBe(422);
    expect(((await response.json()) as ErrorBody).error).toMatchObject({ type: "invalid_request_error", param });
    expect([await requestRows(), await voteRows()]).toEqual([requests, votes]);
  });

  it("rate-limits a burst from one client with 429 and stores nothing for it", async () => {
    const ip = newClientIp();
    for (let i = 0; i < env.WRITE_RATE_LIMIT_PER_MINUTE; i++) {
      expect((await ask({ model: `${unique("burst")}/m` }, ip)).status).toBe(201);
    }
    const model = `${unique("over")}/m`;
    const limited = await ask({ model }, ip);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    expect(await db.modelRequest.count({ where: { key: model.toLowerCase() } })).toBe(0);
  });
});

describe("GET /api/requests", () => {
  it("lists open requests with the most votes first", async () => {
    const popular = `${unique("pop")}/model`;
    const quiet = `${unique("quiet")}/model`;
    await ask({ model: quiet });
    for (let i = 0; i < 3; i++) await ask({ model: popular });

    const open = await list();
    const models = open.map((r) => r.model);
    expect(models.indexOf(popular)).toBeGreaterThanOrEqual(0);
    expect(models.indexOf(popular)).toBeLessThan(models.indexOf(quiet));
    expect(open.find((r) => r.model === popular)?.votes).toBe(3);
    const votes = open.map((r) => r.votes);
    expect(votes).toEqual([...votes].sort((a, b) => b - a));
  });
});
