// AssemblyScript source of the front ends' WebAssembly kernel (host: ../mel-kernel.ts; build: build.mjs).
// Window, real FFT, |X|² and the sparse mel filterbank for two frames at a time, one per f64x2 lane.
// Operations and their order are those of fft.ts/mel.ts, so the results are the same doubles.

// Layout, written by the host before any call (byte offsets into this memory).
let half: i32 = 0; // complex points of the packed transform (FFT size / 2)
let windowAt: usize = 0; // f64[2 * half]
let slotAt: usize = 0; // u32[half]: bit-reversed destination of packed sample n
let passesAt: usize = 0; // i32[passCount]: sub-transform length L of each radix-2² pass after the first
let passCount: i32 = 0;
let twiddlesAt: usize = 0; // f64[4 * ΣL]: w1 re, w1 im, w2 re, w2 im per pass, per k
let oddStage: i32 = 0; // log2(half) odd: a radix-2 stage and an L = 2 radix-2² pass come first
let oddTwiddlesAt: usize = 0; // f64[8]: the L = 2 pass's table
let splitReAt: usize = 0; // f64[half]
let splitImAt: usize = 0; // f64[half]
let reAt: usize = 0; // v128[half] work
let imAt: usize = 0; // v128[half] work
let powerAt: usize = 0; // v128[half + 1]
let melCount: i32 = 0;
let melStartAt: usize = 0; // u32[melCount]
let melOffsetAt: usize = 0; // u32[melCount + 1]
let melWeightsAt: usize = 0; // f64[]

export function configure(
  halfSize: i32, window: usize, slot: usize, passes: usize, passTotal: i32, twiddles: usize, odd: i32, oddTwiddles: usize,
  splitRe: usize, splitIm: usize, re: usize, im: usize, power: usize, mels: i32, melStart: usize, melOffset: usize, melWeights: usize,
): void {
  half = halfSize; windowAt = window; slotAt = slot; passesAt = passes; passCount = passTotal; twiddlesAt = twiddles;
  oddStage = odd; oddTwiddlesAt = oddTwiddles; splitReAt = splitRe; splitImAt = splitIm; reAt = re; imAt = im; powerAt = power;
  melCount = mels; melStartAt = melStart; melOffsetAt = melOffset; melWeightsAt = melWeights;
}

/**
 * Mel energies of frames first .. first+count-1 of the f64 signal at x, frame t starting at sample t*hop:
 * out[(t - first) * melCount + m], f64.
 */
export function melFrames(x: usize, hop: i32, first: i32, count: i32, out: usize): void {
  for (let i = 0; i < count; i += 2) {
    const a = first + i;
    // An odd count: the second lane repeats the last frame and is not stored.
    const b = i + 1 < count ? a + 1 : a;
    pack(x + (<usize>(a * hop) << 3), x + (<usize>(b * hop) << 3));
    transform();
    power();
    mel(out + (<usize>(i * melCount) << 3), i + 1 < count);
  }
}

// @ts-ignore: decorator
@inline function vAt(base: usize, k: i32): usize {
  return base + (<usize>k << 4);
}

function pack(xa: usize, xb: usize): void {
  for (let p = 0; p < half; p++) {
    const j = load<u32>(slotAt + (<usize>p << 2));
    const w0 = load<f64>(windowAt + (<usize>(2 * p) << 3));
    const w1 = load<f64>(windowAt + (<usize>(2 * p + 1) << 3));
    const e = <usize>(2 * p) << 3;
    const o = <usize>(2 * p + 1) << 3;
    v128.store(vAt(reAt, j), f64x2(w0 * load<f64>(xa + e), w0 * load<f64>(xb + e)));
    v128.store(vAt(imAt, j), f64x2(w1 * load<f64>(xa + o), w1 * load<f64>(xb + o)));
  }
}

function transform(): void {
  if (oddStage) {
    for (let a = 0; a < half; a += 2) {
      const xr = v128.load(vAt(reAt, a + 1));
      const xi = v128.load(vAt(imAt, a + 1));
      const r0 = v128.load(vAt(reAt, a));
      const i0 = v128.load(vAt(imAt, a));
      v128.store(vAt(reAt, a + 1), f64x2.sub(r0, xr));
      v128.store(vAt(imAt, a + 1), f64x2.sub(i0, xi));
      v128.store(vAt(reAt, a), f64x2.add(r0, xr));
      v128.store(vAt(imAt, a), f64x2.add(i0, xi));
    }
    radix4Pass(2, oddTwiddlesAt);
  } else {
    for (let a = 0; a < half; a += 4) {
      const x0r = v128.load(vAt(reAt, a));
      const x0i = v128.load(vAt(imAt, a));
      const x1r = v128.load(vAt(reAt, a + 1));
      const x1i = v128.load(vAt(imAt, a + 1));
      const x2r = v128.load(vAt(reAt, a + 2));
      const x2i = v128.load(vAt(imAt, a + 2));
      const x3r = v128.load(vAt(reAt, a + 3));
      const x3i = v128.load(vAt(imAt, a + 3));
      const y0r = f64x2.add(x0r, x1r);
      const y0i = f64x2.add(x0i, x1i);
      const y1r = f64x2.sub(x0r, x1r);
      const y1i = f64x2.sub(x0i, x1i);
      const y2r = f64x2.add(x2r, x3r);
      const y2i = f64x2.add(x2i, x3i);
      const y3r = f64x2.sub(x2r, x3r);
      const y3i = f64x2.sub(x2i, x3i);
      v128.store(vAt(reAt, a), f64x2.add(y0r, y2r));
      v128.store(vAt(imAt, a), f64x2.add(y0i, y2i));
      v128.store(vAt(reAt, a + 2), f64x2.sub(y0r, y2r));
      v128.store(vAt(imAt, a + 2), f64x2.sub(y0i, y2i));
      v128.store(vAt(reAt, a + 1), f64x2.add(y1r, y3i));
      v128.store(vAt(imAt, a + 1), f64x2.sub(y1i, y3r));
      v128.store(vAt(reAt, a + 3), f64x2.sub(y1r, y3i));
      v128.store(vAt(imAt, a + 3), f64x2.add(y1i, y3r));
    }
  }
  let at: usize = twiddlesAt;
  for (let p = 0; p < passCount; p++) {
    const L = load<i32>(passesAt + (<usize>p << 2));
    radix4Pass(L, at);
    at += <usize>(4 * L) << 3;
  }
}

// @ts-ignore: decorator
@inline function cmulRe(wr: v128, wi: v128, xr: v128, xi: v128): v128 {
  return f64x2.sub(f64x2.mul(wr, xr), f64x2.mul(wi, xi));
}
// @ts-ignore: decorator
@inline function cmulIm(wr: v128, wi: v128, xr: v128, xi: v128): v128 {
  return f64x2.add(f64x2.mul(wr, xi), f64x2.mul(wi, xr));
}

function radix4Pass(L: i32, table: usize): void {
  const block = 4 * L;
  for (let k = 0; k < L; k++) {
    const t = table + (<usize>(4 * k) << 3);
    const w1r = f64x2.splat(load<f64>(t));
    const w1i = f64x2.splat(load<f64>(t, 8));
    const w2r = f64x2.splat(load<f64>(t, 16));
    const w2i = f64x2.splat(load<f64>(t, 24));
    for (let a = k; a < half; a += block) {
      const b = a + L;
      const c = b + L;
      const d = c + L;
      const x0r = v128.load(vAt(reAt, a));
      const x0i = v128.load(vAt(imAt, a));
      const x1r = v128.load(vAt(reAt, b));
      const x1i = v128.load(vAt(imAt, b));
      const x2r = v128.load(vAt(reAt, c));
      const x2i = v128.load(vAt(imAt, c));
      const x3r = v128.load(vAt(reAt, d));
      const x3i = v128.load(vAt(imAt, d));
      const t1r = cmulRe(w1r, w1i, x1r, x1i);
      const t1i = cmulIm(w1r, w1i, x1r, x1i);
      const t3r = cmulRe(w1r, w1i, x3r, x3i);
      const t3i = cmulIm(w1r, w1i, x3r, x3i);
      const y0r = f64x2.add(x0r, t1r);
      const y0i = f64x2.add(x0i, t1i);
      const y1r = f64x2.sub(x0r, t1r);
      const y1i = f64x2.sub(x0i, t1i);
      const y2r = f64x2.add(x2r, t3r);
      const y2i = f64x2.add(x2i, t3i);
      const y3r = f64x2.sub(x2r, t3r);
      const y3i = f64x2.sub(x2i, t3i);
      const u2r = cmulRe(w2r, w2i, y2r, y2i);
      const u2i = cmulIm(w2r, w2i, y2r, y2i);
      const u3r = cmulRe(w2r, w2i, y3r, y3i);
      const u3i = cmulIm(w2r, w2i, y3r, y3i);
      v128.store(vAt(reAt, a), f64x2.add(y0r, u2r));
      v128.store(vAt(imAt, a), f64x2.add(y0i, u2i));
      v128.store(vAt(reAt, c), f64x2.sub(y0r, u2r));
      v128.store(vAt(imAt, c), f64x2.sub(y0i, u2i));
      v128.store(vAt(reAt, b), f64x2.add(y1r, u3i));
      v128.store(vAt(imAt, b), f64x2.sub(y1i, u3r));
      v128.store(vAt(reAt, d), f64x2.sub(y1r, u3i));
      v128.store(vAt(imAt, d), f64x2.add(y1i, u3r));
    }
  }
}

function power(): void {
  const re0 = v128.load(reAt);
  const im0 = v128.load(imAt);
  const lo = f64x2.add(re0, im0);
  const hi = f64x2.sub(re0, im0);
  v128.store(powerAt, f64x2.mul(lo, lo));
  v128.store(vAt(powerAt, half), f64x2.mul(hi, hi));
  const halfV = f64x2.splat(0.5);
  for (let k = 1; k < half; k++) {
    const ar = v128.load(vAt(reAt, k));
    const ai = v128.load(vAt(imAt, k));
    const br = v128.load(vAt(reAt, half - k));
    const bi = v128.load(vAt(imAt, half - k));
    const sr = f64x2.add(ar, br);
    const si = f64x2.sub(ai, bi);
    const dr = f64x2.add(ai, bi);
    const di = f64x2.sub(br, ar);
    const wr = f64x2.splat(load<f64>(splitReAt + (<usize>k << 3)));
    const wi = f64x2.splat(load<f64>(splitImAt + (<usize>k << 3)));
    const xr = f64x2.sub(f64x2.add(f64x2.mul(halfV, sr), f64x2.mul(wr, dr)), f64x2.mul(wi, di));
    const xi = f64x2.add(f64x2.add(f64x2.mul(halfV, si), f64x2.mul(wr, di)), f64x2.mul(wi, dr));
    v128.store(vAt(powerAt, k), f64x2.add(f64x2.mul(xr, xr), f64x2.mul(xi, xi)));
  }
}

function mel(out: usize, both: bool): void {
  for (let m = 0; m < melCount; m++) {
    const from = load<u32>(melOffsetAt + (<usize>m << 2));
    const to = load<u32>(melOffsetAt + (<usize>(m + 1) << 2));
    const shift = <i32>load<u32>(melStartAt + (<usize>m << 2)) - <i32>from;
    let acc = f64x2.splat(0);
    for (let j = <i32>from; j < <i32>to; j++) {
      const w = f64x2.splat(load<f64>(melWeightsAt + (<usize>j << 3)));
      acc = f64x2.add(acc, f64x2.mul(w, v128.load(vAt(powerAt, shift + j))));
    }
    store<f64>(out + (<usize>m << 3), f64x2.extract_lane(acc, 0));
    if (both) store<f64>(out + (<usize>(melCount + m) << 3), f64x2.extract_lane(acc, 1));
  }
}
