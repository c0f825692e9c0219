import { describe, expect, it } from "vitest";
import { z } from "zod";
import {
  ConflictError,
  NotFoundError,
  RateLimitedError,
  ValidationError,
  errorResponse,
  isDatabaseUnavailable,
  parseJsonBody,
  withErrors,
} from "./errors";

async function envelope(response: Response) {
  return ((await response.json()) as { error: Record<string, unknown> }).error;
}

describe("errorResponse", () => {
  it("sends an AppError as OpenAI's envelope with its status, field and request id", async () => {
    const response = errorResponse(new NotFoundError("No such model.", { param: "modelId", code: "model_not_found" }), "req_1");
    expect(response.status).toBe(404);
    expect(response.headers.get("x-request-id")).toBe("req_1");
    expect(await envelope(response)).toEqual({
      message: "No such model.",
      type: "not_found_error",
      param: "modelId",
      code: "model_not_found",
    });
  });

  it("adds Retry-After to rate-limit errors and extra headers such as Location", () => {
    expect(errorResponse(new RateLimitedError(12.2)).headers.get("retry-after")).toBe("13");
    const conflict = new ConflictError("Listed.", { headers: { location: "/models/a/b" } });
    expect(errorResponse(conflict).headers.get("location")).toBe("/models/a/b");
  });

  it("hides the details of unexpected failures behind a 500", async () => {
    const quiet = console.error;
    console.error = () => {};
    try {
      const response = errorResponse(new Error("password=hunter2 leaked"));
      expect(response.status).toBe(500);
      const body = await envelope(response);
      expect(body).toMatchObject({ type: "api_error", code: "internal_error" });
      expect(JSON.stringify(body)).not.toContain("hunter2");
    } finally {
      console.error = quiet;
    }
  });

  it("maps a zod error to 422 naming the first bad field", async () => {
    const parsed = z.object({ user: z.object({ email: z.email({ error: "Bad email." }) }) }).safeParse({ user: { email: "x" } });
    const response = errorResponse(parsed.error);
    expect(response.status).toBe(422);
    expect(await envelope(response)).toMatchObject({ param: "user.email", message: "Bad email." });
  });
});

describe("parseJsonBody", () => {
  const schema = z.object({ n: z.number() });
  const request = (body: string) => new Request("http://x/", { method: "POST", body });

  it("returns the validated body", async () => {
    await expect(parseJsonBody(request('{"n":1}'), schema)).resolves.toEqual({ n: 1 });
  });

  it("throws 400 for a body that is not JSON and 422 for a wrong value", async () => {
    await expect(parseJsonBody(request("{"), schema)).rejects.toMatchObject({ status: 400, code: "invalid_json" });
    await expect(parseJsonBody(request('{"n":"1"}'), schema)).rejects.toBeInstanceOf(ValidationError);
    await expect(parseJsonBody(request('{"n":"1"}'), schema)).rejects.toMatchObject({ status: 422, param: "n" });
  });
});

describe("withErrors", () => {
  it("tags successes with a request id and turns throws into error responses", async () => {
    const ok = await withErrors(async () => Response.json({ fine: true }))(new Request("http://x/"));
    expect(ok.headers.get("x-request-id")).toMatch(/^req_[0-9a-f]{32}$/);

    const failing = withErrors(async () => {
      throw new ConflictError("Taken.");
    });
    const response = await failing(new Request("http://x/", { headers: { "x-request-id": "trace-42" } }));
    expect(response.status).toBe(409);
    expect(response.headers.get("x-request-id")).toBe("trace-42");
  });

  it("does not echo a request id that is unsafe to print", async () => {
    const response = await withErrors(async () => new Response("ok"))(
      new Request("http://x/", { headers: { "x-request-id": "evil\u0007id with spaces" } }),
    );
    expect(response.headers.get("x-request-id")).toMatch(/^req_/);
  });
});

describe("a database that does not answer", () => {
  // The shapes measured against PostgreSQL 15 through Prisma 6.19's adapter-pg while it was stopped and restarted.
  const unreachable = Object.assign(new Error("Can't reach database server at 127.0.0.1:5432"), {
    code: "P1001",
    meta: { driverAdapterError: { name: "DriverAdapterError", cause: { kind: "DatabaseNotReachable", host: "127.0.0.1", port: 5432 } } },
  });
  const startingUp = Object.assign(new Error("the database system is starting up"), { name: "DriverAdapterError", cause: { kind: "postgres", code: "57P03" } });
  const terminated = Object.assign(new Error("terminating connection due to administrator command"), { code: "57P01" });

  it("is a 503 with a clear message, code and Retry-After, never a 500", async () => {
    for (const error of [unreachable, startingUp, terminated, Object.assign(new Error("x"), { code: "ECONNREFUSED" })]) {
      const response = errorResponse(error);
      expect(response.status).toBe(503);
      expect(response.headers.get("retry-after")).toBe("5");
      const body = await envelope(response);
      expect(body).toMatchObject({ type: "service_unavailable", code: "database_unavailable" });
      expect(String(body.message)).toMatch(/database is not answering/);
    }
  });

  it("leaves query errors (a broken constraint, a bug) as they were", () => {
    const unique = Object.assign(new Error("Unique constraint failed"), { code: "P2002", meta: { driverAdapterError: { cause: { kind: "UniqueConstraintViolation" } } } });
    expect(isDatabaseUnavailable(unique)).toBe(false);
    expect(isDatabaseUnavailable(new TypeError("undefined is not a function"))).toBe(false);
    expect(isDatabaseUnavailable(Object.assign(new Error("syntax"), { code: "42601" }))).toBe(false);
  });
});
