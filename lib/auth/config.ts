import "server-only";
import type { DefaultSession, NextAuthConfig } from "next-auth";
import type { Provider } from "next-auth/providers";
import GitHub from "next-auth/providers/github";
import Nodemailer from "next-auth/providers/nodemailer";
import { env } from "@/lib/env";
import { onSignIn } from "@/lib/users";
import { authAdapter } from "./adapter";
import { printSignInLink, sendSignInEmail } from "./email";
import { githubVerifiedEmail } from "./github";
import { authSecret } from "./secret";

declare module "next-auth" {
  interface Session {
    user: { id: string; email: string } & DefaultSession["user"];
  }
}

export { authSecret };

/** How magic links leave: through SMTP, printed on the console, or not at all (no email sign-in). */
function emailTransport(): { server: string } | "log" | null {
  if (env.EMAIL_SERVER === "log") return "log";
  if (env.EMAIL_SERVER) return { server: env.EMAIL_SERVER };
  return env.NODE_ENV === "development" ? "log" : null;
}

/** How people can sign in, in the order the sign-in page offers them. */
export interface SignInMethod {
  id: "nodemailer" | "github" | "oidc";
  name: string;
  kind: "email" | "oauth";
}

export function signInMethods(): SignInMethod[] {
  const methods: SignInMethod[] = [];
  if (emailTransport() !== null) methods.push({ id: "nodemailer", name: "Email", kind: "email" });
  if (env.AUTH_GITHUB_ID && env.AUTH_GITHUB_SECRET) methods.push({ id: "github", name: "GitHub", kind: "oauth" });
  if (env.AUTH_OIDC_ISSUER && env.AUTH_OIDC_ID && env.AUTH_OIDC_SECRET) {
    methods.push({ id: "oidc", name: env.AUTH_OIDC_NAME, kind: "oauth" });
  }
  return methods;
}

function providers(): Provider[] {
  return signInMethods().map((method): Provider => {
    switch (method.id) {
      case "nodemailer": {
        const transport = emailTransport();
        return Nodemailer({
          // When links are printed, the server value is never used.
          server: transport !== null && transport !== "log" ? transport.server : "smtp://localhost:25",
          from: env.EMAIL_FROM,
          sendVerificationRequest: transport === "log" ? printSignInLink : sendSignInEmail,
        });
      }
      case "github":
        return GitHub({
          clientId: env.AUTH_GITHUB_ID,
          clientSecret: env.AUTH_GITHUB_SECRET,
          userinfo: githubVerifiedEmail,
          // Safe because the sign-in callback below admits only emails the provider has verified.
          allowDangerousEmailAccountLinking: true,
        });
      case "oidc":
        return {
          id: "oidc",
          name: method.name,
          type: "oidc",
          issuer: env.AUTH_OIDC_ISSUER,
          clientId: env.AUTH_OIDC_ID,
          clientSecret: env.AUTH_OIDC_SECRET,
          authorization: { params: { scope: "openid email profile" } },
          allowDangerousEmailAccountLinking: true,
        };
    }
  });
}

export const authConfig = {
  adapter: authAdapter(),
  providers: providers(),
  secret: authSecret(),
  // Sessions live in the database, so signing out anywhere ends them for good.
  session: { strategy: "database", maxAge: 30 * 24 * 60 * 60, updateAge: 24 * 60 * 60 },
  // The site runs behind its own origin (PUBLIC_URL) or a proxy we configure; Host is trusted.
  trustHost: true,
  pages: { signIn: "/signin", verifyRequest: "/signin/check-email", error: "/signin" },
  callbacks: {
    /**
     * Free credit and account linking are keyed by email, so an OAuth/OIDC sign-in must bring an email
     * its provider has verified; otherwise anyone could claim someone else's address.
     */
    signIn({ account, profile }) {
      if (account?.type !== "oauth" && account?.type !== "oidc") return true;
      if (!profile?.email) return "/signin?error=NoEmail";
      if (profile.email_verified !== true) return "/signin?error=EmailNotVerified";
      return true;
    },
    session({ session, user }) {
      return { ...session, user: { ...session.user, id: user.id, email: user.email } };
    },
  },
  events: {
    async signIn({ user }) {
      if (!user.id || !user.email) return;
      // Never block a sign-in on this: both steps are idempotent and run again at the next sign-in
      // (and the linking on every visit to /account).
      await onSignIn({ id: user.id, email: user.email }).catch((error: unknown) => {
        console.error(`[auth] linking or free credit failed for user ${user.id}:`, error);
      });
    },
  },
} satisfies NextAuthConfig;
