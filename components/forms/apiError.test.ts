import { afterEach, describe, expect, it } from "vitest";
import { NETWORK_ERROR, postJson, readApiError } from "./apiError";

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });

describe("readApiError", () => {
  it("shows the API's own message and the field it names", async () => {
    const error = await readApiError(
      json(400, { error: { message: "Enter a valid email address.", type: "invalid_request_error", param: "email", code: "invalid_email" } }),
    );
    expect(error).toEqual({ message: "Enter a valid email address.", param: "email" });
  });

  it("explains rate limiting in plain words when the body is not the error envelope", async () => {
    const error = await readApiError(new Response("Too Many Requests", { status: 429 }));
    expect(error.message).toMatch(/Too many attempts/);
    expect(error.param).toBeNull();
  });

  it("never shows raw HTML from a failing server", async () => {
    const error = await readApiError(new Response("<html>502 Bad Gateway</html>", { status: 502 }));
    expect(error.message).not.toContain("<html>");
  });
});

describe("postJson", () => {
  const realFetch = globalThis.fetch;
  const withFetch = (fake: typeof fetch) => {
    globalThis.fetch = fake;
  };
  afterEach(() => {
    globalThis.fetch = realFetch;
  });

  it("gives the parsed body of a success", async () => {
    withFetch(async () => json(201, { created: true }));
    expect(await postJson("/api/interest", {})).toEqual({ ok: true, body: { created: true } });
  });

  it("gives the API's error and the response (status, headers) of a refusal", async () => {
    withFetch(async () => json(409, { error: { message: "Already listed.", param: "model" } }));
    const result = await postJson("/api/requests", { model: "x" });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error).toEqual({ message: "Already listed.", param: "model" });
    expect(result.response?.status).toBe(409);
  });

  it("says the server could not be reached when the request never left", async () => {
    withFetch(async () => {
      throw new TypeError("fetch failed");
    });
    expect(await postJson("/api/interest", {})).toEqual({ ok: false, error: NETWORK_ERROR, response: null });
  });
});
