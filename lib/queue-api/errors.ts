import type { ZodError } from "zod";
import { newRequestId, toAppError, ValidationError } from "@/lib/errors";

/**
 * Errors in fal's shapes, so fal's clients read them as they read fal's:
 *
 * - 422, input that cannot be used: FastAPI/Pydantic's list, one entry per problem, naming the field:
 *     {"detail": [{"loc": ["body", "audio_url"], "msg": "...", "type": "url_not_allowed"}]}
 *   fal's JS client raises it as ValidationError, whose `fieldErrors` / `getFieldErrors("audio_url")`
 *   read exactly this. Everything wrong with the input is a 422 here — a bad enum, a missing field,
 *   an audio_url that points at a private address, is too large, is not audio, or cannot be decoded —
 *   because fal reports input problems that way (OpenAI's 400/413/415 split is the /v1 API's business).
 * - every other error: {"detail": "<message>", "code": "<our stable code>"} with its HTTP status
 *   (401 key, 402 credit, 404 model or request, 429 rate limit, 5xx ours). `detail` is fal's key;
 *   `code` is ours, the same codes the /v1 API uses.
 */

export interface FieldIssue {
  loc: (string | number)[];
  msg: string;
  type: string;
}

/** A 422 that names one or more fields; `param` (for logs) is the first field. */
export class FieldValidationError extends ValidationError {
  readonly issues: FieldIssue[];

  constructor(issues: FieldIssue[], cause?: unknown) {
    const first = issues[0] ?? { loc: ["body"], msg: "Invalid input.", type: "value_error" };
    super(first.msg, { status: 422, param: first.loc.slice(1).join(".") || null, code: first.type, cause });
    this.issues = issues.length > 0 ? issues : [first];
  }
}

/** One field's problem as a 422. `field` is a body field ("audio_url") or ["query", "fal_webhook"]. */
export function fieldError(field: string | (string | number)[], msg: string, type: string, cause?: unknown): FieldValidationError {
  const loc = Array.isArray(field) ? field : ["body", field];
  return new FieldValidationError([{ loc, msg, type }], cause);
}

/** Pydantic's names for the common failures, so the `type` reads like fal's. */
function issueType(issue: ZodError["issues"][number]): string {
  switch (issue.code) {
    case "invalid_type":
      return "input" in issue && issue.input !== undefined ? `${issue.expected}_type` : "missing";
    case "invalid_value":
      return "enum";
    case "too_small":
      return issue.origin === "string" ? "string_too_short" : "too_short";
    case "too_big":
      return issue.origin === "string" ? "string_too_long" : "too_long";
    case "unrecognized_keys":
      return "extra_forbidden";
    default:
      return "value_error";
  }
}

/** Every zod issue as a fal field issue. Parse with `{ reportInput: true }` so missing fields say "missing". */
export function fromZodIssues(error: ZodError, prefix: (string | number)[] = ["body"]): FieldValidationError {
  const issues = error.issues.map((issue) => ({
    loc: [...prefix, ...issue.path.map((p) => (typeof p === "number" ? p : String(p)))],
    msg: issue.code === "invalid_type" && !("input" in issue && issue.input !== undefined) && issue.path.length > 0 ? `Field required: ${issue.message}` : issue.message,
    type: issueType(issue),
  }));
  return new FieldValidationError(issues, error);
}

/** The body a failure is answered with, and its status. */
export function falErrorBody(error: unknown): { status: number; body: Record<string, unknown>; headers: Record<string, string> } {
  const appError = toAppError(error);
  if (appError instanceof FieldValidationError) return { status: 422, body: { detail: appError.issues }, headers: appError.headers };
  if (appError.status === 422) {
    const loc = appError.param ? ["body", ...appError.param.split(".")] : ["body"];
    return { status: 422, body: { detail: [{ loc, msg: appError.message, type: appError.code ?? "value_error" }] }, headers: appError.headers };
  }
  return { status: appError.status, body: { detail: appError.message, code: appError.code ?? appError.type }, headers: appError.headers };
}

/** A thrown value as fal's error response with an `x-request-id`; server errors are logged with it. */
export function falErrorResponse(error: unknown, requestId: string = newRequestId()): Response {
  const appError = toAppError(error);
  if (appError.status >= 500) console.error(`[${requestId}] ${appError.status} ${appError.message}`, appError.cause ?? appError);
  const { status, body, headers } = falErrorBody(appError);
  return Response.json(body, { status, headers: { ...headers, "x-request-id": requestId } });
}
