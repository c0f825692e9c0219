/**
 * Set-up shared by the realtime tests. Import after ./support and before anything from lib/: it names a
 * moshi-server (the stand-in the tests start on MOSHI_STUB_PORT) so Kyutai counts as live, and gives the
 * tests a realtime endpoint on a plain HTTP server (the same endpoint server.ts serves beside Next).
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export const MOSHI_STUB_PORT = 3701;
process.env.KYUTAI_URL = `ws://127.0.0.1:${MOSHI_STUB_PORT}`;
process.env.KYUTAI_API_KEY = "public_token";

export const KYUTAI_ID = "kyutai/stt-2.6b-en";

export interface TestRealtimeServer {
  url: string;
  endpoint: import("@/lib/realtime/server").RealtimeEndpoint;
  stop(): Promise<void>;
}

export async function startRealtimeServer(port: number, options: import("@/lib/realtime/server").RealtimeOptions = {}): Promise<TestRealtimeServer> {
  const { answerPlainRequest, attachRealtime } = await import("@/lib/realtime/server");
  const server: Server = createServer((request, response) => {
    if (!answerPlainRequest(request, response)) response.writeHead(404).end();
  });
  const endpoint = attachRealtime(server, options);
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve());
  });
  const actual = (server.address() as AddressInfo).port;
  return {
    url: `ws://127.0.0.1:${actual}/v1/realtime`,
    endpoint,
    async stop() {
      await endpoint.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
