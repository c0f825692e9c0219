import { parseJsonBody, withErrors } from "@/lib/errors";
import { interestInput, signUpForModel } from "@/lib/interest";
import { enforceRateLimit } from "@/lib/rate-limit";

export const runtime = "nodejs";

/** "Tell me when it is live": 201 for a new signup, 200 when this email was already waiting. */
export const POST = withErrors(async (request) => {
  const input = await parseJsonBody(request, interestInput);
  await enforceRateLimit(request);
  const { created, waiting } = await signUpForModel(input);
  return Response.json({ ok: true, created, waiting }, { status: created ? 201 : 200 });
});
