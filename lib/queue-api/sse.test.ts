import { describe, expect, it } from "vitest";
import { eventStream, streamStats, type EventSink } from "./sse";

const limits = { maxBufferedBytes: 4096, maxStallMs: 200 };
const decoder = new TextDecoder();

function open(extra: Partial<typeof limits> = {}) {
  let sink!: EventSink;
  let cleanedUp = 0;
  const stream = eventStream(
    (s) => {
      sink = s;
      return () => void cleanedUp++;
    },
    { ...limits, ...extra },
  );
  return { stream, sink, reader: stream.getReader(), cleanups: () => cleanedUp };
}

async function readText(reader: ReadableStreamDefaultReader<Uint8Array>): Promise<string> {
  const { value, done } = await reader.read();
  return done ? "<end>" : decoder.decode(value);
}

describe("event streams and slow clients", () => {
  it("keeps only the newest unsent event of a kind while the client is not reading, in order with the others", async () => {
    const { sink, reader } = open();
    expect(await readText(reader)).toBe(": connected\n\n"); // at once, so the headers go out
    const first = readText(reader);
    expect(await Promise.race([first, Promise.resolve("nothing yet")])).toBe("nothing yet");
    // The first read above is outstanding: this goes straight to it.
    sink.send({ n: 0 }, { replaces: "partial" });
    for (let n = 1; n <= 50; n++) sink.send({ n }, { replaces: "partial" });
    sink.send({ log: "x" });
    sink.send({ n: 51 }, { replaces: "partial" });
    expect(sink.bufferedBytes).toBeLessThan(100);
    expect(await first).toBe('data: {"n":0}\n\n');
    expect(await readText(reader)).toBe('data: {"log":"x"}\n\ndata: {"n":51}\n\n');
  });

  it("disconnects a client that lets more than the limit wait, and cleans up", async () => {
    const before = streamStats();
    const { sink, reader, cleanups } = open();
    for (let n = 0; n < 100 && !sink.closed; n++) sink.send({ n, padding: "x".repeat(100) });
    expect(sink.closed).toBe(true);
    expect(cleanups()).toBe(1);
    await expect(reader.read()).rejects.toThrow(/did not read the event stream/);
    expect(streamStats().closedTooSlow).toBe(before.closedTooSlow + 1);
    expect(streamStats().bufferedBytes).toBe(before.bufferedBytes);
  });

  it("disconnects a client that takes nothing for the stall limit while events wait", async () => {
    const { sink, reader, cleanups } = open();
    sink.send({ n: 1 });
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(sink.closed).toBe(true);
    expect(cleanups()).toBe(1);
    await expect(reader.read()).rejects.toThrow(/nothing read/);
  });

  it("ends only after the client took everything, and drained() tells the producer when it may go on", async () => {
    const { sink, reader, cleanups } = open({ maxStallMs: 60_000 });
    sink.send({ a: 1 });
    let drained = false;
    void sink.drained().then(() => (drained = true));
    await Promise.resolve();
    expect(drained).toBe(false);
    sink.close();
    expect(cleanups()).toBe(1);
    expect(await readText(reader)).toBe(': connected\n\ndata: {"a":1}\n\n');
    expect(drained).toBe(true);
    expect(await readText(reader)).toBe("<end>");
  });
});
