/**
 * What a stream tells its listener, and the queue that holds it until read. Nothing is dropped: a slow
 * reader finds every event in order (the queue's length is there for callers that apply back-pressure).
 */
import type { Word } from "../../types.js";

/** The words decoded so far in the current segment; a later partial or the final replaces it. */
export interface PartialEvent {
  type: "partial";
  /** 0, 1, 2, ...: segments end at an endpoint (a pause after speech) or at the end of the stream. */
  segment: number;
  text: string;
  /** Times in seconds from the start of the stream. */
  words: Word[];
  /** Seconds of audio decoded when this was produced. */
  audioSeconds: number;
}

/** A segment's settled text: no later event changes it. */
export interface FinalEvent {
  type: "final";
  segment: number;
  text: string;
  words: Word[];
  audioSeconds: number;
  /**
   * "endpoint": a pause of `endpointSeconds` after speech; "flush": the caller asked to settle what was
   * decoded so far (the stream goes on); "max_length": the segment grew past `maxSegmentSeconds`;
   * "end": the stream was flushed and fully decoded (always last).
   */
  reason: "endpoint" | "flush" | "max_length" | "end";
}

/** The model failed while decoding this stream; it is closed. */
export interface ErrorEvent {
  type: "error";
  message: string;
}

export type StreamEvent = PartialEvent | FinalEvent | ErrorEvent;

export class EventQueue<T> implements AsyncIterable<T> {
  private readonly items: T[] = [];
  private waiting: Array<(result: IteratorResult<T>) => void> = [];
  private closed = false;

  get length(): number {
    return this.items.length;
  }

  get isClosed(): boolean {
    return this.closed;
  }

  push(item: T): void {
    if (this.closed) return;
    const waiter = this.waiting.shift();
    if (waiter) waiter({ value: item, done: false });
    else this.items.push(item);
  }

  /** Everything queued now, without waiting. */
  take(): T[] {
    return this.items.splice(0, this.items.length);
  }

  close(): void {
    this.closed = true;
    for (const waiter of this.waiting.splice(0)) waiter({ value: undefined, done: true });
  }

  [Symbol.asyncIterator](): AsyncIterator<T> {
    return {
      next: () => {
        const item = this.items.shift();
        if (item !== undefined) return Promise.resolve({ value: item, done: false });
        if (this.closed) return Promise.resolve({ value: undefined, done: true });
        return new Promise((resolve) => this.waiting.push(resolve));
      },
    };
  }
}
