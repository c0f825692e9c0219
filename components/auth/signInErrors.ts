/**
 * What the sign-in page says for each error code Auth.js (or our sign-in callback) puts in ?error=.
 * https://authjs.dev/reference/core/errors lists Auth.js's own codes.
 */
const MESSAGES: Record<string, string> = {
  Verification: "That sign-in link has expired or was already used. Ask for a new one below.",
  EmailNotVerified: "Your provider has not verified that email address, so we cannot use it to sign you in.",
  NoEmail: "Your provider did not share an email address with us. Make one visible there, or sign in by email.",
  OAuthAccountNotLinked: "That email already belongs to an account here. Sign in by email first.",
  AccessDenied: "Sign-in was cancelled or refused.",
  Configuration: "Sign-in is not set up correctly on this server. Please try again later.",
};

export function signInErrorMessage(code: string | undefined): string | null {
  if (!code) return null;
  return MESSAGES[code] ?? "Sign-in did not work. Please try again.";
}
