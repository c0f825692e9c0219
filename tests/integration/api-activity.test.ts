/**
 * The request log behind /activity: filters, totals, paging and the CSV export, on a real database.
 * Keys are created and revoked through lib/api-keys as the account page does.
 */
import "./support";
import { describe, expect, it } from "vitest";
import { authenticateRequest, listApiKeys, revokeApiKey } from "@/lib/api-keys";
import { listRequests, recordRequest, requestedModels, requestsCsv, requestTotals, RUNNING_STATUS } from "@/lib/metering";
import { addKey, createApiUser } from "@/tests/support/api-fixtures";
import { unique } from "./support";

async function seedLog() {
  const user = await createApiUser();
  const other = await addKey(user.userId, { name: "=cmd|' /C calc'!A0" });
  const base = { userId: user.userId, endpoint: "transcription" as const, stream: false, latencyMs: 120 };
  const rows = [
    { ...base, id: unique("req"), apiKeyId: user.keyId, apiKeyName: "test key", model: "moonshine-ai/moonshine-micro", status: 200, audioSeconds: 1, billedSeconds: 1, costMicroUsd: 17 },
    { ...base, id: unique("req"), apiKeyId: user.keyId, apiKeyName: "test key", model: "nvidia/canary-1b-flash", status: 200, audioSeconds: 7.1, billedSeconds: 8, costMicroUsd: 454 },
    { ...base, id: unique("req"), apiKeyId: other.keyId, apiKeyName: "=cmd|' /C calc'!A0", model: "nvidia/canary-1b-flash", status: 402, errorCode: "insufficient_credit" },
    { ...base, id: unique("req"), apiKeyId: other.keyId, apiKeyName: "=cmd|' /C calc'!A0", model: "+whisper, \"large\"", status: 404, errorCode: "model_not_found" },
    { ...base, id: unique("req"), apiKeyId: user.keyId, apiKeyName: "test key", model: "moonshine-ai/moonshine-micro", status: RUNNING_STATUS, costMicroUsd: 17 },
  ];
  for (const row of rows) {
    await recordRequest(row);
    await new Promise((resolve) => setTimeout(resolve, 5)); // distinct createdAt, so the order is known
  }
  return { user, other, rows };
}

describe("the request log", () => {
  it("lists a person's requests newest first, filtered by model, key and outcome, with totals over all pages", async () => {
    const { user, other, rows } = await seedLog();
    const stranger = await createApiUser();

    const all = await listRequests(user.userId);
    expect(all.map((r) => r.id)).toEqual(rows.map((r) => r.id).reverse());
    expect(await listRequests(stranger.userId)).toEqual([]);

    expect((await listRequests(user.userId, { model: "nvidia/canary-1b-flash" })).map((r) => r.status)).toEqual([402, 200]);
    expect((await listRequests(user.userId, { apiKeyId: other.keyId })).map((r) => r.status)).toEqual([404, 402]);
    expect((await listRequests(user.userId, { outcome: "error" })).map((r) => r.status)).toEqual([404, 402]);
    expect((await listRequests(user.userId, { outcome: "success" })).map((r) => r.costMicroUsd)).toEqual([454, 17]);
    expect(await listRequests(user.userId, { outcome: "running" })).toHaveLength(1);
    expect(await listRequests(user.userId, { from: new Date(Date.now() + 60_000) })).toEqual([]);

    const firstPage = await listRequests(user.userId, { limit: 2 });
    const secondPage = await listRequests(user.userId, { limit: 2, before: firstPage[1]!.id });
    expect([...firstPage, ...secondPage].map((r) => r.id)).toEqual(all.slice(0, 4).map((r) => r.id));

    // Totals cover everything the filters select; a running request's hold is not counted as spent.
    expect(await requestTotals(user.userId)).toEqual({ requests: 5, failed: 2, audioSeconds: 8.1, costMicroUsd: 471 });
    expect(await requestTotals(user.userId, { outcome: "success" })).toEqual({ requests: 2, failed: 0, audioSeconds: 8.1, costMicroUsd: 471 });
    expect(await requestTotals(user.userId, { outcome: "error" })).toMatchObject({ requests: 2, failed: 2, costMicroUsd: 0 });
    expect(await requestedModels(user.userId)).toEqual(["+whisper, \"large\"", "moonshine-ai/moonshine-micro", "nvidia/canary-1b-flash"]);
  });

  it("exports CSV with every matching request, safe to open in a spreadsheet", async () => {
    const { user, rows } = await seedLog();
    const csv = await requestsCsv(user.userId, { outcome: "error" });
    const lines = csv.trimEnd().split("\r\n");
    expect(lines[0]).toBe(
      "created_at,request_id,endpoint,model,api_key,status,error_code,audio_seconds,billed_seconds,cost_usd,latency_ms,response_format,stream",
    );
    expect(lines).toHaveLength(3);
    // A caller-chosen model name and key name can neither start a formula nor break the columns.
    expect(lines[1]).toContain(`,${rows[3]!.id},transcription,"'+whisper, ""large""",'=cmd|' /C calc'!A0,404,model_not_found,,0,0.000000,120,,false`);
    expect(lines[2]).toContain(`,${rows[2]!.id},transcription,nvidia/canary-1b-flash,'=cmd|' /C calc'!A0,402,insufficient_credit,`);
    const ok = await requestsCsv(user.userId, { outcome: "success" });
    expect(ok).toContain(`,${rows[1]!.id},transcription,nvidia/canary-1b-flash,test key,200,,7.1,8,0.000454,120,,false`);
  });
});

describe("keys", () => {
  it("are listed by prefix only, and a revoked key stops authenticating at once", async () => {
    const user = await createApiUser();
    const [view] = await listApiKeys(user.userId);
    expect(view).toMatchObject({ id: user.keyId, name: "test key", state: "active", prefix: user.key.slice(0, 14) });
    expect(JSON.stringify(view)).not.toContain(user.key.slice(14));

    const request = () => new Request("http://localhost/v1/models", { headers: { authorization: `Bearer ${user.key}` } });
    expect(await authenticateRequest(request())).toMatchObject({ id: user.keyId, userId: user.userId });
    await revokeApiKey(user.userId, user.keyId);
    await expect(authenticateRequest(request())).rejects.toMatchObject({ status: 401, code: "api_key_revoked" });
    expect((await listApiKeys(user.userId))[0]!.state).toBe("revoked");
  });

  it("cannot be revoked by someone else", async () => {
    const owner = await createApiUser();
    const stranger = await createApiUser();
    await expect(revokeApiKey(stranger.userId, owner.keyId)).rejects.toMatchObject({ status: 404 });
    expect((await listApiKeys(owner.userId))[0]!.state).toBe("active");
  });
});
