import { describe, expect, it } from "vitest";
import { readApiError } from "./apiError";

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
