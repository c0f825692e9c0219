import { errorResponse, newRequestId } from "@/lib/errors";

/**
 * The wrapper every /v1 route handler uses. Unlike lib/errors' `withErrors`, it never adopts a
 * caller's `x-request-id`: API request ids are ledger references (a hold is placed once per id), so
 * they must be ours and unique. A caller's own id is echoed back as `x-client-request-id`, the header
 * OpenAI uses for the same purpose.
 */
export function apiRoute<Args extends unknown[]>(
  handler: (request: Request, requestId: string, ...rest: Args) => Promise<Response>,
): (request: Request, ...rest: Args) => Promise<Response> {
  return async (request, ...rest) => {
    const requestId = newRequestId();
    const clientId = request.headers.get("x-client-request-id");
    const echo = clientId && /^[\w.:-]{1,128}$/.test(clientId) ? clientId : null;
    let response: Response;
    try {
      response = await handler(request, requestId, ...rest);
    } catch (error) {
      response = errorResponse(error, requestId);
    }
    // Copied rather than set in place: some responses have immutable headers.
    const headers = new Headers(response.headers);
    headers.set("x-request-id", requestId);
    if (echo) headers.set("x-client-request-id", echo);
    return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
  };
}
