/**
 * Reads the API's error envelope, `{ error: { message, type, param, code } }`, into a message a person
 * can act on and the field it points at. Anything else (a proxy page, a network failure) gets a
 * generic sentence instead of raw text.
 */
export interface FormError {
  message: string;
  /** The input the error is about, when the API named one. */
  param: string | null;
}

export async function readApiError(response: Response): Promise<FormError> {
  const fallback: FormError = {
    message:
      response.status === 429
        ? "Too many attempts from your connection. Please wait a minute and try again."
        : "Something went wrong on our side. Please try again.",
    param: null,
  };
  try {
    const body: unknown = await response.json();
    if (body && typeof body === "object" && "error" in body) {
      const error = (body as { error: unknown }).error;
      if (error && typeof error === "object") {
        const { message, param } = error as { message?: unknown; param?: unknown };
        if (typeof message === "string" && message.length > 0) {
          return { message, param: typeof param === "string" ? param : null };
        }
      }
    }
  } catch {
    // Not JSON: keep the fallback.
  }
  return fallback;
}

export const NETWORK_ERROR: FormError = {
  message: "Could not reach gigarouter. Check your connection and try again.",
  param: null,
};

export type PostResult =
  | { ok: true; body: unknown }
  /** `response` is null when the server was never reached. */
  | { ok: false; error: FormError; response: Response | null };

/** POSTs JSON to one of our form APIs; every failure comes back as a FormError, never a throw. */
export async function postJson(url: string, payload: unknown): Promise<PostResult> {
  let response: Response;
  try {
    response = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(payload),
    });
  } catch {
    return { ok: false, error: NETWORK_ERROR, response: null };
  }
  if (!response.ok) return { ok: false, error: await readApiError(response), response };
  try {
    return { ok: true, body: await response.json() };
  } catch {
    // A 2xx that is not our JSON came from something between us and the server.
    return { ok: false, error: NETWORK_ERROR, response };
  }
}
