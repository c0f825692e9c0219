/**
 * The waiting room of the dynamic batcher: requests in arrival order, grouped into length buckets so a
 * batch pads little (a batch is as long as its longest clip).
 *
 * Buckets are half-octaves of duration (…, 1-1.41 s, 1.41-2 s, 2-2.83 s, …; everything up to 1 s is one
 * bucket), so the longest clip of a batch is at most ~1.41x its shortest, apart from sub-second clips. The
 * oldest request always leads the next batch (no starvation); it takes the oldest others of its bucket.
 */

export interface Queued {
  /** Duration in seconds, for bucketing. */
  seconds: number;
  /** Must run alone (it was in a batch whose worker crashed). */
  solo: boolean;
  /** performance.now() when it was queued. */
  queuedAt: number;
}

export function lengthBucket(seconds: number): number {
  return seconds <= 1 ? 0 : Math.ceil(2 * Math.log2(seconds));
}

export class BatchQueue<T extends Queued> {
  private items: T[] = [];

  get size(): number {
    return this.items.length;
  }

  /** The request that has waited longest. */
  get oldest(): T | undefined {
    return this.items[0];
  }

  push(item: T): void {
    this.items.push(item);
  }

  /** Back to the front, in the given order (retries go before newer requests). */
  unshift(...items: T[]): void {
    this.items.unshift(...items);
  }

  /** Removes one request (e.g. its caller gave up); false when it was not queued any more. */
  remove(item: T): boolean {
    const index = this.items.indexOf(item);
    if (index < 0) return false;
    this.items.splice(index, 1);
    return true;
  }

  /** How many requests could join the oldest one's batch right now (itself included). */
  available(): number {
    const lead = this.items[0];
    if (!lead) return 0;
    if (lead.solo) return 1;
    const bucket = lengthBucket(lead.seconds);
    return this.items.filter((item) => !item.solo && lengthBucket(item.seconds) === bucket).length;
  }

  /** Takes the oldest request and up to `max - 1` more of its bucket, oldest first. */
  take(max: number): T[] {
    const lead = this.items[0];
    if (!lead) return [];
    if (lead.solo || max <= 1) {
      this.items.shift();
      return [lead];
    }
    const bucket = lengthBucket(lead.seconds);
    const batch: T[] = [];
    const rest: T[] = [];
    for (const item of this.items) {
      if (batch.length < max && !item.solo && lengthBucket(item.seconds) === bucket) batch.push(item);
      else rest.push(item);
    }
    this.items = rest;
    return batch;
  }

  /** Empties the queue, returning what was in it. */
  drain(): T[] {
    const all = this.items;
    this.items = [];
    return all;
  }
}
