import { describe, expect, it } from "vitest";
import { eventStream } from "./sse";

describe("/v1 event streams and a slow client", () => {
  it("makes the producer wait while the client reads nothing, then delivers every delta in order", async () => {
    let produced = 0;
    let finished = false;
    const stream = eventStream(
      async (send) => {
        for (let i = 0; i < 20_000; i++) {
          await send({ type: "transcript.text.delta", delta: ` word${i}` });
          produced++;
        }
        await send({ type: "transcript.text.done", text: "…", usage: { type: "duration", seconds: 1 }, cost: 0 });
        finished = true;
      },
      () => Promise.reject(new Error("not expected")),
      { maxBufferedBytes: 1024 * 1024, maxStallMs: 60_000 },
    );
    await new Promise((resolve) => setTimeout(resolve, 100));
    // Nothing read yet: the producer stopped about 64 kB ahead (deltas are ~50 bytes each), not at the end.
    expect(finished).toBe(false);
    expect(produced).toBeLessThan(2_000);

    const text = await new Response(stream).text();
    expect(finished).toBe(true);
    const deltas = text
      .split("\n\n")
      .filter((block) => block.startsWith("data: "))
      .map((block) => JSON.parse(block.slice("data: ".length)) as { type: string; delta?: string });
    expect(deltas).toHaveLength(20_001);
    expect(deltas[19_999]).toEqual({ type: "transcript.text.delta", delta: " word19999" });
    expect(deltas.at(-1)?.type).toBe("transcript.text.done");
  });
});
