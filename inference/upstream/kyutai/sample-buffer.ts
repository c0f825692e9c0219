/**
 * 24 kHz samples addressed by their absolute index since the stream started, kept from `start` to
 * `end`: the audio not yet sent, plus what a new connection would have to replay after a lost one.
 */
export class SampleBuffer {
  private chunks: { at: number; samples: Float32Array }[] = [];
  private first = 0;
  private last = 0;

  get start(): number {
    return this.first;
  }

  get end(): number {
    return this.last;
  }

  append(samples: Float32Array): void {
    if (samples.length === 0) return;
    this.chunks.push({ at: this.last, samples });
    this.last += samples.length;
  }

  /** Samples [from, to), both within [start, end]. */
  slice(from: number, to: number): Float32Array {
    if (from < this.first || to > this.last || from > to) {
      throw new RangeError(`samples ${from}-${to} are not held (held: ${this.first}-${this.last})`);
    }
    const out = new Float32Array(to - from);
    for (const { at, samples } of this.chunks) {
      const lo = Math.max(from, at);
      const hi = Math.min(to, at + samples.length);
      if (lo < hi) out.set(samples.subarray(lo - at, hi - at), lo - from);
    }
    return out;
  }

  /** Forgets everything before `index`. */
  trimBefore(index: number): void {
    const target = Math.min(index, this.last);
    if (target <= this.first) return;
    while (this.chunks.length > 0) {
      const chunk = this.chunks[0]!;
      const chunkEnd = chunk.at + chunk.samples.length;
      if (chunkEnd <= target) {
        this.chunks.shift();
      } else {
        if (chunk.at < target) this.chunks[0] = { at: target, samples: chunk.samples.subarray(target - chunk.at) };
        break;
      }
    }
    this.first = target;
  }
}
