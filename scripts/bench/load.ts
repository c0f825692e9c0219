/**
 * `npm run bench:load`: the OpenAI-compatible API (POST /v1/audio/transcriptions, moonshine-micro, a
 * one-second spoken word) under LOAD_CONNECTIONS concurrent clients (50) for LOAD_SECONDS (20), with
 * autocannon, against
 *   1. the embedded default: SQLite, in-process queue and engine, one `next start`;
 *   2. the cluster (scripts/cluster.sh): PostgreSQL, pg-boss, two web instances, two workers; the
 *      clients are split between the two web instances.
 * Prints requests/s, latency p50/p95/p99, errors, and the ledger check (every accepted request billed
 * exactly once, no hold left open, wallet = ledger), side by side. Needs a build (`next build`).
 * LOAD_TARGETS=embedded,cluster picks which to run.
 */
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import autocannon from "autocannon";

const root = path.resolve(import.meta.dirname, "../..");
const seconds = Number(process.env.LOAD_SECONDS ?? 20);
const connections = Number(process.env.LOAD_CONNECTIONS ?? 50);
const targets = (process.env.LOAD_TARGETS ?? "embedded,cluster").split(",").map((s) => s.trim());
const EMBEDDED_PORT = 3808;
const CLUSTER_WEB_PORT = 3800;
const CLUSTER_PG_PORT = 55432;
const MODEL = "moonshine-ai/moonshine-micro";

function clip(): Buffer {
  const folder = path.resolve(root, "../shared/fixtures/audio/alphanumeric/seven");
  const file = readdirSync(folder).filter((f) => f.endsWith(".wav")).sort()[0];
  if (!file) throw new Error(`no clip in ${folder}`);
  return readFileSync(path.join(folder, file));
}

function multipart(audio: Buffer): { body: Buffer; contentType: string } {
  const boundary = "gigarouterload";
  const head = `--${boundary}\r\nContent-Disposition: form-data; name="model"\r\n\r\n${MODEL}\r\n--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="seven.wav"\r\nContent-Type: audio/wav\r\n\r\n`;
  return { body: Buffer.concat([Buffer.from(head), audio, Buffer.from(`\r\n--${boundary}--\r\n`)]), contentType: `multipart/form-data; boundary=${boundary}` };
}

function ledger(databaseUrl: string, ...args: string[]): string {
  return execFileSync("node", ["--conditions=react-server", "--import", "tsx", "scripts/bench/load-ledger.ts", ...args], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: databaseUrl },
    encoding: "utf8",
  }).trim().split("\n").at(-1) ?? "";
}

async function waitFor(url: string, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await fetch(url).then((r) => r.ok, () => false)) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${url} did not answer`);
}

interface Figures {
  target: string;
  requestsPerSecond: number;
  p50: number;
  p95: number;
  p99: number;
  ok: number;
  errors: number;
  ledger: Record<string, unknown>;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}

/** Runs the clients split over `urls`, measuring every response's latency ourselves so two instances add up exactly. */
async function load(target: string, urls: string[], databaseUrl: string): Promise<Figures> {
  const { userId, key } = JSON.parse(ledger(databaseUrl, "setup")) as { userId: string; key: string };
  const { body, contentType } = multipart(clip());
  const latencies: number[] = [];
  let ok = 0;
  let errors = 0;
  const answered: string[] = [];
  const perUrl = Math.ceil(connections / urls.length);
  const runs = urls.map(
    (url) =>
      new Promise<void>((resolve, reject) => {
        const instance = autocannon(
          {
            url: `${url}/v1/audio/transcriptions`,
            method: "POST",
            connections: perUrl,
            duration: seconds,
            timeout: 60,
            headers: { authorization: `Bearer ${key}`, "content-type": contentType },
            body,
            requests: [
              {
                onResponse: (status, _body, _context, headers) => {
                  if (status === 200) {
                    ok++;
                    const id = headers?.["x-request-id"];
                    if (typeof id === "string") answered.push(id);
                  }
                },
              },
            ],
          },
          (error: Error | null, result: autocannon.Result) => {
            if (error) return reject(error);
            errors += result.errors + result.timeouts + result.non2xx;
            resolve();
          },
        );
        instance.on("response", (_client: unknown, _status: number, _bytes: number, ms: number) => latencies.push(ms));
      }),
  );
  await Promise.all(runs);
  latencies.sort((a, b) => a - b);
  const idsFile = path.join(tmpdir(), `gigarouter-load-ids-${process.pid}.txt`);
  writeFileSync(idsFile, answered.join("\n"));
  const verdict = JSON.parse(ledger(databaseUrl, "check", userId, idsFile)) as Record<string, unknown>;
  rmSync(idsFile, { force: true });
  return {
    target,
    requestsPerSecond: latencies.length / seconds,
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    p99: percentile(latencies, 99),
    ok,
    errors,
    ledger: verdict,
  };
}

async function embedded(): Promise<Figures> {
  const work = mkdtempSync(path.join(tmpdir(), "gigarouter-load-"));
  const databaseUrl = `file:${work}/load.db`;
  const env = { ...process.env, DATABASE_URL: databaseUrl, DATA_DIR: `${work}/data`, QUEUE_BACKEND: "embedded", NODE_ENV: "production" as const, NEXT_TELEMETRY_DISABLED: "1" };
  execFileSync("npx", ["prisma", "migrate", "deploy"], { cwd: root, env, stdio: "ignore" });
  execFileSync("npm", ["run", "--silent", "db:seed"], { cwd: root, env, stdio: "ignore" });
  let server: ChildProcess | undefined;
  try {
    server = spawn("node", ["node_modules/next/dist/bin/next", "start", "-p", String(EMBEDDED_PORT), "-H", "127.0.0.1"], { cwd: root, env, stdio: "ignore" });
    await waitFor(`http://127.0.0.1:${EMBEDDED_PORT}/api/health`, 60_000);
    return await load("embedded (SQLite, 1 process)", [`http://127.0.0.1:${EMBEDDED_PORT}`], databaseUrl);
  } finally {
    server?.kill("SIGTERM");
    rmSync(work, { recursive: true, force: true });
  }
}

async function cluster(): Promise<Figures> {
  const run = mkdtempSync(path.join(tmpdir(), "gigarouter-load-cluster-"));
  const env = { ...process.env, CLUSTER_DIR: run, CLUSTER_WEB_PORT: String(CLUSTER_WEB_PORT), CLUSTER_PG_PORT: String(CLUSTER_PG_PORT) };
  try {
    execFileSync("bash", ["scripts/cluster.sh", "start"], { cwd: root, env, stdio: "inherit" });
    const databaseUrl = /DATABASE_URL=(.*)/.exec(readFileSync(path.join(run, "env"), "utf8"))?.[1] ?? "";
    const ports = [0, 1].map((i) => readFileSync(path.join(run, `web${i + 1}.port`), "utf8").trim());
    return await load("cluster (PostgreSQL + pg-boss, 2 web + 2 workers)", ports.map((p) => `http://127.0.0.1:${p}`), databaseUrl);
  } finally {
    execFileSync("bash", ["scripts/cluster.sh", "stop"], { cwd: root, env, stdio: "inherit" });
    rmSync(run, { recursive: true, force: true });
  }
}

function table(rows: Figures[]): string {
  const fmt = (n: number) => (Number.isFinite(n) ? n.toFixed(0) : "-");
  const lines = [
    `${connections} clients, ${seconds} s, ${MODEL}, one 1-second WAV per request, POST /v1/audio/transcriptions`,
    "",
    "| target | requests/s | p50 ms | p95 ms | p99 ms | 200s | errors | billed exactly once |",
    "| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
    ...rows.map((r) => `| ${r.target} | ${r.requestsPerSecond.toFixed(1)} | ${fmt(r.p50)} | ${fmt(r.p95)} | ${fmt(r.p99)} | ${r.ok} | ${r.errors} | ${r.ledger.ok ? "yes" : "NO"} (${r.ledger.accepted} held, ${r.ledger.settled} settled, ${r.ledger.released} released, ${r.ledger.openHolds} open) |`),
  ];
  return lines.join("\n");
}

const rows: Figures[] = [];
for (const [name, measure] of [["embedded", embedded], ["cluster", cluster]] as const) {
  if (!targets.includes(name)) continue;
  const row = await measure();
  console.log(`${row.target}: ${row.requestsPerSecond.toFixed(1)} req/s, p50 ${row.p50} ms, p99 ${row.p99} ms, ${row.errors} errors`);
  rows.push(row);
}
console.log(`\n${table(rows)}\n`);
for (const r of rows) console.log(`${r.target} ledger: ${JSON.stringify(r.ledger)}`);
process.exit(rows.every((r) => r.ledger.ok === true) ? 0 : 1);
