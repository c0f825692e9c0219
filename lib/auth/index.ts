import "server-only";
import NextAuth from "next-auth";
import { redirect, unstable_rethrow } from "next/navigation";
import { cache } from "react";
import { UnauthorizedError } from "@/lib/errors";
import { authConfig } from "./config";
import { safeReturnPath } from "./return-path";

export { signInMethods, type SignInMethod } from "./config";
export { safeReturnPath } from "./return-path";

/** The one Auth.js instance. The route handler is `export const { GET, POST } = handlers`. */
const nextAuth = NextAuth(authConfig);

export const { handlers, signIn, signOut } = nextAuth;

/** The current session, read once per request however many components ask. */
export const auth = cache(async () => {
  try {
    return await nextAuth.auth();
  } catch (error) {
    // Next's own signals (dynamic rendering, redirects) pass through untouched.
    unstable_rethrow(error);
    // A misconfiguration (e.g. no AUTH_SECRET in production) must not take every page down with it.
    console.error("[auth] could not read the session:", error);
    return null;
  }
});

/** A signed-in person, as handlers and pages use them. */
export interface SignedInUser {
  id: string;
  email: string;
  name: string | null;
}

export async function currentUser(): Promise<SignedInUser | null> {
  const session = await auth();
  const user = session?.user;
  if (!user?.id || !user.email) return null;
  return { id: user.id, email: user.email, name: user.name ?? null };
}

/** For pages: the signed-in user, or a redirect to /signin that comes back to `returnTo`. */
export async function requireUser(returnTo: string): Promise<SignedInUser> {
  const user = await currentUser();
  if (!user) redirect(`/signin?callbackUrl=${encodeURIComponent(safeReturnPath(returnTo))}`);
  return user;
}

/** For route handlers and server actions: the signed-in user, or a 401 UnauthorizedError. */
export async function requireApiUser(): Promise<SignedInUser> {
  const user = await currentUser();
  if (!user) throw new UnauthorizedError("Sign in first.", { code: "not_signed_in" });
  return user;
}
