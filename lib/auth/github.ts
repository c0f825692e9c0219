import "server-only";

/**
 * GitHub's userinfo step, replacing Auth.js's default one: that one takes the public or primary email
 * whether or not it is verified. This asks for the account's emails and keeps the primary one only if
 * GitHub verified it, so the sign-in callback can refuse the rest. Response shape:
 * https://docs.github.com/en/rest/users/emails#list-email-addresses-for-the-authenticated-user
 */
interface GitHubEmail {
  email: string;
  primary: boolean;
  verified: boolean;
}

const API = "https://api.github.com";

export const githubVerifiedEmail = {
  url: `${API}/user`,
  async request({ tokens }: { tokens: { access_token?: string } }) {
    const headers = { Authorization: `Bearer ${tokens.access_token ?? ""}`, "User-Agent": "gigarouter" };
    const profile = (await (await fetch(`${API}/user`, { headers })).json()) as Record<string, unknown>;
    const response = await fetch(`${API}/user/emails`, { headers });
    const emails = response.ok ? ((await response.json()) as GitHubEmail[]) : [];
    const primary = emails.find((e) => e.primary && e.verified);
    return { ...profile, email: primary?.email ?? null, email_verified: Boolean(primary) };
  },
};
