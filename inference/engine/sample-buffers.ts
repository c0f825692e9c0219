/**
 * Shared memory for the samples the pool sends to its workers, reused from request to request.
 *
 * A fresh SharedArrayBuffer per request is a zero-filled allocation, often of pages the process has not
 * touched yet (page faults), later freed by two isolates' garbage collectors; for a 1 s clip that costs
 * more than the copy itself. Buffers come in power-of-two sizes and go back to a free list once no worker
 * can still read them (the pool decides when), up to `maxRetainedBytes` in all.
 */

const MIN_BYTES = 64 * 1024;

export class SampleBuffers {
  private readonly free = new Map<number, SharedArrayBuffer[]>();
  private retained = 0;

  constructor(private readonly maxRetainedBytes = 16 * 1024 * 1024) {}

  /** A copy of `samples` in shared memory: a view of exactly their length over a pooled buffer. */
  copy(samples: Float32Array): Float32Array {
    const size = sizeClass(samples.byteLength);
    const buffer = this.free.get(size)?.pop();
    if (buffer) this.retained -= size;
    const view = new Float32Array(buffer ?? new SharedArrayBuffer(size), 0, samples.length);
    view.set(samples);
    return view;
  }

  /** Takes a view made by `copy` back; nothing may read it afterwards. */
  release(view: Float32Array): void {
    const buffer = view.buffer;
    const size = buffer.byteLength;
    if (!(buffer instanceof SharedArrayBuffer) || size !== sizeClass(size)) return;
    if (this.retained + size > this.maxRetainedBytes) return;
    const list = this.free.get(size);
    if (list) list.push(buffer);
    else this.free.set(size, [buffer]);
    this.retained += size;
  }
}

function sizeClass(bytes: number): number {
  return Math.max(MIN_BYTES, 2 ** Math.ceil(Math.log2(Math.max(1, bytes))));
}
