import { randomUUID } from "node:crypto";
import { ZodError, type ZodType } from "zod";

/**
 * One error hierarchy for the whole server: lib/ throws these, and `errorResponse` turns anything
 * thrown into OpenAI's error envelope, so every API answers failures in one shape:
 *
 *   { "error": { "message": "...", "type": "invalid_request_error", "param": "email", "code": "invalid_email" } }
 *
 * `type` follows OpenAI's vocabulary where one exists; `code` is ours and stable enough to branch on.
 */

/** OpenAI's error `type` values, plus the ones we need that it lacks. */
export type ErrorType =
  | "invalid_request_error"
  | "authentication_error"
  | "permission_error"
  | "not_found_error"
  | "conflict_error"
  | "insufficient_quota"
  | "rate_limit_error"
  | "service_unavailable"
  | "api_error";

export interface AppErrorOptions {
  /** The request field the error is about, e.g. "email" (OpenAI's `param`). */
  param?: string | null;
  /** Stable machine-readable reason, e.g. "model_is_live". */
  code?: string;
  cause?: unknown;
  /** Extra response headers, e.g. Location for a conflict that points elsewhere. */
  headers?: Record<string, string>;
}

export class AppError extends Error {
  readonly status: number;
  readonly type: ErrorType;
  readonly param: string | null;
  readonly code: string | null;
  readonly headers: Record<string, string>;

  constructor(status: number, type: ErrorType, message: string, options: AppErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.status = status;
    this.type = type;
    this.param = options.param ?? null;
    this.code = options.code ?? null;
    this.headers = options.headers ?? {};
  }
}

/** The request is malformed (400) or names values we cannot accept (422). */
export class ValidationError extends AppError {
  constructor(message: string, options: AppErrorOptions & { status?: 400 | 422 } = {}) {
    super(options.status ?? 422, "invalid_request_error", message, { code: "invalid_value", ...options });
  }
}

export class UnauthorizedError extends AppError {
  constructor(message = "Authentication required.", options: AppErrorOptions = {}) {
    super(401, "authentication_error", message, { code: "unauthorized", ...options });
  }
}

export class PaymentRequiredError extends AppError {
  constructor(message = "Not enough credit for this request.", options: AppErrorOptions = {}) {
    super(402, "insufficient_quota", message, { code: "insufficient_credit", ...options });
  }
}

export class ForbiddenError extends AppError {
  constructor(message = "Not allowed.", options: AppErrorOptions = {}) {
    super(403, "permission_error", message, { code: "forbidden", ...options });
  }
}

export class NotFoundError extends AppError {
  constructor(message: string, options: AppErrorOptions = {}) {
    super(404, "not_found_error", message, { code: "not_found", ...options });
  }
}

export class ConflictError extends AppError {
  constructor(message: string, options: AppErrorOptions = {}) {
    super(409, "conflict_error", message, { code: "conflict", ...options });
  }
}

export class RateLimitedError extends AppError {
  /** Whole seconds until a retry can succeed; sent as Retry-After. */
  readonly retryAfter: number;

  constructor(retryAfterSeconds: number, message?: string, options: AppErrorOptions = {}) {
    const retryAfter = Math.max(1, Math.ceil(retryAfterSeconds));
    super(429, "rate_limit_error", message ?? `Too many requests. Try again in ${retryAfter} s.`, {
      code: "rate_limited",
      ...options,
      headers: { ...options.headers, "retry-after": String(retryAfter) },
    });
    this.retryAfter = retryAfter;
  }
}

/** A dependency (database, engine, upstream) is down; the request may succeed later. */
export class UnavailableError extends AppError {
  constructor(message: string, options: AppErrorOptions = {}) {
    super(503, "service_unavailable", message, { code: "unavailable", ...options });
  }
}

/** Zod issues become one ValidationError naming the first offending field, e.g. "useCase". */
export function fromZodError(error: ZodError): ValidationError {
  const issue = error.issues[0];
  const param = issue && issue.path.length > 0 ? issue.path.map(String).join(".") : null;
  // Schemas word their messages for people ("Enter a valid email address."); `param` names the field.
  const message = issue?.message ?? "Invalid request.";
  return new ValidationError(message, { param, code: "invalid_value", cause: error });
}

/** Prisma's codes for "the database did not answer": unreachable, timed out, connection closed, pool exhausted. */
const UNREACHABLE_PRISMA_CODES = new Set(["P1001", "P1002", "P1008", "P1017", "P2024"]);
/** The driver adapters' kinds for the same (@prisma/driver-adapter-utils). */
const UNREACHABLE_ADAPTER_KINDS = new Set(["DatabaseNotReachable", "ConnectionClosed", "SocketTimeout", "TooManyConnections", "TlsConnectionError"]);
/** PostgreSQL SQLSTATEs of a server that is going away or not taking connections (classes 08 and 57P, 53300). */
const UNREACHABLE_SQLSTATE = /^(08|57P0[1-3]|53300)/;
const UNREACHABLE_SOCKET_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE", "EHOSTUNREACH"]);
const UNREACHABLE_MESSAGE =
  /Can't reach database server|Connection terminated|terminating connection|the database system is (starting up|shutting down|in recovery)|Timed out fetching a new connection|Server has closed the connection/i;

/**
 * True when `error` says the database is down or restarting rather than that the query was wrong. Looks
 * through Prisma's wrapper (code, meta.driverAdapterError), the adapter's own error and pg's, following
 * `cause`, because which of them reaches us depends on where the connection broke.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; depth < 6 && typeof current === "object" && current !== null; depth++) {
    const value = current as { code?: unknown; kind?: unknown; message?: unknown; meta?: { driverAdapterError?: unknown }; cause?: unknown };
    if (typeof value.code === "string" && (UNREACHABLE_PRISMA_CODES.has(value.code) || UNREACHABLE_SOCKET_CODES.has(value.code) || UNREACHABLE_SQLSTATE.test(value.code))) return true;
    if (typeof value.kind === "string" && UNREACHABLE_ADAPTER_KINDS.has(value.kind)) return true;
    if (typeof value.message === "string" && UNREACHABLE_MESSAGE.test(value.message)) return true;
    current = value.meta?.driverAdapterError ?? value.cause;
  }
  return false;
}

/** Seconds a client is told to wait when the database is away (a restart or failover takes about that). */
const DATABASE_RETRY_AFTER_SECONDS = 5;

/** Any thrown value as an AppError; unknown failures become a 500 whose message reveals nothing. */
export function toAppError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  if (error instanceof ZodError) return fromZodError(error);
  // Retryable and not the caller's fault: a 503 they can act on, never a 500 or a hang.
  if (isDatabaseUnavailable(error)) {
    return new UnavailableError("The service is briefly unavailable: its database is not answering. Try again shortly.", {
      code: "database_unavailable",
      cause: error,
      headers: { "retry-after": String(DATABASE_RETRY_AFTER_SECONDS) },
    });
  }
  return new AppError(500, "api_error", "Internal server error.", { code: "internal_error", cause: error });
}

/** A fresh id for a request, echoed as `x-request-id` on every response and printed with failures. */
/** Every /v1 request id starts with this; the id is also its ledger hold's reference. */
export const REQUEST_ID_PREFIX = "req_";

export function newRequestId(): string {
  return `${REQUEST_ID_PREFIX}${randomUUID().replaceAll("-", "")}`;
}

/** The one mapping from a thrown value to an HTTP response. Server errors are logged with the id. */
export function errorResponse(error: unknown, requestId: string = newRequestId()): Response {
  const appError = toAppError(error);
  if (appError.status >= 500) {
    console.error(`[${requestId}] ${appError.status} ${appError.message}`, appError.cause ?? appError);
  }
  const body = {
    error: { message: appError.message, type: appError.type, param: appError.param, code: appError.code },
  };
  return Response.json(body, {
    status: appError.status,
    headers: { ...appError.headers, "x-request-id": requestId },
  });
}

/**
 * Wraps a route handler: gives the request an id, sends `x-request-id` on success too, and maps
 * anything thrown through `errorResponse`. Handlers just throw.
 */
export function withErrors<Args extends unknown[]>(
  handler: (request: Request, ...rest: Args) => Promise<Response>,
): (request: Request, ...rest: Args) => Promise<Response> {
  return async (request, ...rest) => {
    // A caller's own id is kept for tracing when it is plain enough to print safely.
    const incoming = request.headers.get("x-request-id");
    const requestId = incoming && /^[\w.-]{1,128}$/.test(incoming) ? incoming : newRequestId();
    try {
      const response = await handler(request, ...rest);
      // Copied rather than set in place: some responses (Response.redirect) have immutable headers.
      const headers = new Headers(response.headers);
      headers.set("x-request-id", requestId);
      return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
    } catch (error) {
      return errorResponse(error, requestId);
    }
  };
}

/**
 * Reads a JSON request body and validates it: 400 when the body is not JSON, 422 naming the field
 * when a value is wrong.
 */
export async function parseJsonBody<T>(request: Request, schema: ZodType<T>): Promise<T> {
  let body: unknown;
  try {
    body = await request.json();
  } catch (error) {
    throw new ValidationError("The request body must be JSON.", { status: 400, code: "invalid_json", cause: error });
  }
  const result = schema.safeParse(body);
  if (!result.success) throw fromZodError(result.error);
  return result.data;
}
