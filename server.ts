/**
 * gigarouter's server: one process, one port. Every HTTP request goes to Next.js; WebSocket upgrades on
 * /v1/realtime become realtime transcription sessions (lib/realtime). A custom server, because Next's
 * route handlers cannot accept a WebSocket upgrade.
 *
 *   node --import tsx server.ts [-p 3000] [-H localhost] [--dev]      (npm start = production)
 *
 * PORT and HOST work as with `next start`. The app must be built first (`next build`) unless --dev.
 */
import { EventEmitter } from "node:events";
import { createServer, type Server } from "node:http";
import { register } from "node:module";
import type { Duplex } from "node:stream";
import { parseArgs } from "node:util";
import next from "next";

// lib/ modules start with `import "server-only"`, which throws outside React's server bundle; this
// process is a server, so that guard resolves to an empty module here (as it does inside Next).
register(
  "data:text/javascript," +
    encodeURIComponent(
      'export async function resolve(s, c, n) { return s === "server-only" ? { url: "data:text/javascript,export{}", shortCircuit: true } : n(s, c); }',
    ),
  import.meta.url,
);

const { values } = parseArgs({
  options: {
    port: { type: "string", short: "p" },
    hostname: { type: "string", short: "H" },
    dev: { type: "boolean", default: false },
  },
});
const dev = values.dev ?? false;
const port = Number(values.port ?? process.env.PORT ?? 3000);
const hostname = values.hostname ?? process.env.HOST ?? "localhost";
if (!dev) (process.env as Record<string, string>).NODE_ENV ??= "production";

const server = createServer();
// Next attaches its own upgrade handler (hot reload in dev, proxied rewrites) to the server it is given;
// it would end any upgrade that matches a page or route — /v1/realtime matches app/v1/[...path]. So it
// gets a stand-in, and only the upgrades that are not ours are passed on to it.
const nextUpgrades = new EventEmitter();
const app = next({ dev, hostname, port, httpServer: nextUpgrades as unknown as Server });
const handle = app.getRequestHandler();
await app.prepare();

// Imported after prepare(): Next has loaded the .env files into process.env, which lib/env reads.
const { answerPlainRequest, createRealtimeEndpoint } = await import("./lib/realtime/server");
const realtime = createRealtimeEndpoint();

server.on("request", (request, response) => {
  if (answerPlainRequest(request, response)) return;
  void handle(request, response);
});
server.on("upgrade", (request, socket: Duplex, head: Buffer) => {
  if (realtime.handleUpgrade(request, socket, head)) return;
  if (!nextUpgrades.emit("upgrade", request, socket, head)) socket.destroy();
});

server.listen(port, hostname, () => {
  console.log(`> gigarouter ${dev ? "development" : "production"} server on http://${hostname}:${port} (realtime: ws://${hostname}:${port}/v1/realtime)`);
});

let stopping = false;
async function stop(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  console.log(`> ${signal}: closing realtime sessions and stopping`);
  const forced = setTimeout(() => process.exit(1), 15_000);
  forced.unref();
  server.close();
  await realtime.close().catch((error: unknown) => console.error(error));
  await app.close().catch(() => undefined);
  process.exit(0);
}
process.on("SIGTERM", () => void stop("SIGTERM"));
process.on("SIGINT", () => void stop("SIGINT"));
