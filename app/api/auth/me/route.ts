import { currentUser } from "@/lib/auth";
import { formatUsd, getBalance } from "@/lib/credits";
import { withErrors } from "@/lib/errors";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/**
 * Who is signed in, for the site header: pages stay static and the header asks after loading.
 * Always 200, so a signed-out visitor's console shows no error.
 */
export const GET = withErrors(async () => {
  const user = await currentUser();
  const headers = { "cache-control": "private, no-store" };
  if (!user) return Response.json({ signedIn: false }, { headers });
  const balance = await getBalance(user.id);
  return Response.json(
    { signedIn: true, email: user.email, availableMicroUsd: balance.availableMicroUsd, available: formatUsd(balance.availableMicroUsd) },
    { headers },
  );
});
