/**
 * Operator commands that need no browser. Run through npm so server modules load as in Next:
 *
 *   npm run admin -- create-user --email ada@example.com [--name "Ada"] [--credit 5]
 *   npm run admin -- create-key  --email ada@example.com [--name ci] [--spend-limit 2.5] [--expires-in-days 30] [--rate-limit 120]
 *   npm run admin -- balance     --email ada@example.com
 *   npm run admin -- grant       --email ada@example.com --credit 10 [--reason "support ticket 42"]
 *   npm run admin -- list-keys   --email ada@example.com
 *   npm run admin -- revoke-key  --email ada@example.com --key-id <id>
 *   npm run admin -- sweep       [--older-than-minutes 30] [--email ada@example.com]
 *   npm run admin -- sweep-files [--email ada@example.com]
 *
 * `create-key` prints the key alone on stdout (everything else goes to stderr), so scripts can do
 * KEY=$(npm run --silent admin -- create-key --email ada@example.com).
 */
import { randomUUID } from "node:crypto";
import { parseArgs } from "node:util";
import { createApiKey, listApiKeys, newApiKeyInput, revokeApiKey, toNewApiKeyInput } from "@/lib/api-keys";
import { formatUsd, getBalance, grantCredit, usdToMicroUsd } from "@/lib/credits";
import { db } from "@/lib/db";
import { sweepFiles } from "@/lib/files";
import { sweepAbandonedCharges } from "@/lib/metering";
import { normalizeEmail } from "@/lib/users/email";

const USAGE = `usage: npm run admin -- <command> [options]
  create-user --email E [--name N] [--credit USD]     create (or find) a user; optionally grant credit
  create-key  --email E [--name N] [--spend-limit USD] [--expires-in-days D] [--rate-limit PER_MIN]
                                                      create an API key and print it once
  balance     --email E                               show available, held and total credit
  grant       --email E --credit USD [--reason TEXT]  add credit to an existing user
  list-keys   --email E                               list a user's keys (prefixes only)
  revoke-key  --email E --key-id ID                   revoke one key
  sweep       [--older-than-minutes M] [--email E]     release holds of requests that never finished (default 30; one account with --email)
  sweep-files [--email E]                             remove abandoned uploads and unneeded job audio, retry deletes a store outage stopped`;

class UsageError extends Error {}

const options = {
  email: { type: "string" },
  name: { type: "string" },
  credit: { type: "string" },
  reason: { type: "string" },
  "spend-limit": { type: "string" },
  "expires-in-days": { type: "string" },
  "rate-limit": { type: "string" },
  "key-id": { type: "string" },
  "older-than-minutes": { type: "string" },
  help: { type: "boolean", short: "h" },
} as const;

type Values = ReturnType<typeof parseArgs<{ options: typeof options; allowPositionals: true }>>["values"];

const info = (line: string) => process.stderr.write(`${line}\n`);

function required(values: Values, name: "email" | "credit" | "key-id"): string {
  const value = values[name];
  if (!value) throw new UsageError(`--${name} is required`);
  return value;
}

function dollars(text: string, what: string): number {
  const usd = Number(text);
  if (!Number.isFinite(usd) || usd <= 0) throw new UsageError(`${what} must be a positive amount in US dollars, got "${text}"`);
  return usdToMicroUsd(usd);
}

async function userByEmail(email: string) {
  const user = await db.user.findUnique({ where: { email: normalizeEmail(email) } });
  if (!user) throw new UsageError(`no user with the email ${normalizeEmail(email)} (create-user first)`);
  return user;
}

async function grant(userId: string, microUsd: number, reason: string): Promise<void> {
  await grantCredit({ userId, amountMicroUsd: microUsd, reason, reference: `admin:${randomUUID()}` });
}

async function printBalance(userId: string, email: string): Promise<void> {
  const balance = await getBalance(userId);
  console.log(
    `${email}: available ${formatUsd(balance.availableMicroUsd)}, held ${formatUsd(balance.heldMicroUsd)}, total ${formatUsd(balance.totalMicroUsd)}`,
  );
}

const commands: Record<string, (values: Values) => Promise<void>> = {
  async "create-user"(values) {
    const email = normalizeEmail(required(values, "email"));
    if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) throw new UsageError(`"${email}" is not an email address`);
    const credit = values.credit === undefined ? 0 : dollars(values.credit, "--credit");
    const existing = await db.user.findUnique({ where: { email } });
    const user = existing ?? (await db.user.create({ data: { email, name: values.name ?? null } }));
    info(existing ? `user ${user.id} already exists` : `created user ${user.id}`);
    if (credit > 0) await grant(user.id, credit, "Credit added by an operator");
    await printBalance(user.id, email);
  },

  async "create-key"(values) {
    const user = await userByEmail(required(values, "email"));
    const parsed = newApiKeyInput.safeParse({
      name: values.name ?? "admin",
      spendLimitUsd: values["spend-limit"],
      expiresInDays: values["expires-in-days"],
      rateLimitPerMinute: values["rate-limit"],
    });
    if (!parsed.success) throw new UsageError(parsed.error.issues[0]?.message ?? "invalid key options");
    const { key, view } = await createApiKey(user.id, toNewApiKeyInput(parsed.data));
    info(`created key "${view.name}" (${view.prefix}…, id ${view.id}) for ${user.email}; it is shown only this once:`);
    console.log(key);
  },

  async balance(values) {
    const user = await userByEmail(required(values, "email"));
    await printBalance(user.id, user.email);
  },

  async grant(values) {
    const user = await userByEmail(required(values, "email"));
    await grant(user.id, dollars(required(values, "credit"), "--credit"), values.reason ?? "Credit added by an operator");
    await printBalance(user.id, user.email);
  },

  async "list-keys"(values) {
    const user = await userByEmail(required(values, "email"));
    const keys = await listApiKeys(user.id);
    if (keys.length === 0) info(`${user.email} has no API keys`);
    for (const k of keys) {
      const limit = k.spendLimitMicroUsd === null ? "no limit" : `limit ${formatUsd(k.spendLimitMicroUsd)}`;
      console.log(`${k.id}\t${k.prefix}…\t${k.state}\t${k.name}\tspent ${formatUsd(k.spentMicroUsd)} (${limit})`);
    }
  },

  async "revoke-key"(values) {
    const user = await userByEmail(required(values, "email"));
    const view = await revokeApiKey(user.id, required(values, "key-id"));
    console.log(`revoked ${view.prefix}… (${view.name})`);
  },

  async sweep(values) {
    const minutes = Number(values["older-than-minutes"] ?? 30);
    if (!Number.isFinite(minutes) || minutes <= 0) throw new UsageError("--older-than-minutes must be a positive number");
    const scope = values.email ? { userId: (await userByEmail(values.email)).id } : {};
    const { requests, rowlessHolds } = await sweepAbandonedCharges(new Date(Date.now() - minutes * 60_000), scope);
    console.log(`released ${requests} abandoned request(s) and ${rowlessHolds} hold(s) whose request left no row`);
  },

  async "sweep-files"(values) {
    const userId = values.email ? (await userByEmail(values.email)).id : undefined;
    const result = await sweepFiles({ userId });
    console.log(
      `removed ${result.removed} file(s): ${result.abandonedUploads} upload(s) never completed, ${result.jobAudio} job audio file(s) no job needs, ${result.retried} earlier delete(s) retried`,
    );
    if (result.failed > 0) {
      info(`${result.failed} file(s) could not be deleted: their store is unreachable (the web instances' sweep retries)`);
      process.exitCode = 1;
    }
  },
};

async function main(): Promise<void> {
  let parsed;
  try {
    parsed = parseArgs({ options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const [name] = parsed.positionals;
  if (parsed.values.help || !name) {
    info(USAGE);
    if (!name && !parsed.values.help) process.exitCode = 2;
    return;
  }
  const command = commands[name];
  if (!command) throw new UsageError(`unknown command "${name}"`);
  await command(parsed.values);
}

main()
  .catch((error: unknown) => {
    if (error instanceof UsageError) {
      info(`admin: ${error.message}\n\n${USAGE}`);
      process.exitCode = 2;
    } else {
      console.error(error);
      process.exitCode = 1;
    }
  })
  .finally(() => db.$disconnect());
