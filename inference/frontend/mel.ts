/**
 * Slaney-style mel filterbank, computed the way librosa.filters.mel(htk=False, norm="slaney") does:
 * triangles on the Slaney mel scale (linear below 1 kHz, logarithmic above), each scaled to unit area
 * (2 / bandwidth in Hz). Both NeMo and the moonshine-micro front end use this construction.
 */

const F_SP = 200 / 3; // Hz per mel in the linear part
const MIN_LOG_HZ = 1000;
const MIN_LOG_MEL = MIN_LOG_HZ / F_SP;
const LOG_STEP = Math.log(6.4) / 27;

export function hzToMelSlaney(hz: number): number {
  return hz >= MIN_LOG_HZ ? MIN_LOG_MEL + Math.log(hz / MIN_LOG_HZ) / LOG_STEP : hz / F_SP;
}

export function melToHzSlaney(mel: number): number {
  return mel >= MIN_LOG_MEL ? MIN_LOG_HZ * Math.exp(LOG_STEP * (mel - MIN_LOG_MEL)) : F_SP * mel;
}

export interface MelFilterbankSpec {
  sampleRate: number;
  nFft: number;
  nMels: number;
  fMin: number;
  fMax: number;
}

/**
 * A filterbank stored sparsely: each filter touches a contiguous run of FFT bins (and each bin at most two
 * filters), so applying it costs about two multiply-adds per bin instead of nMels per bin. The runs are
 * stored back to back in one array, so the inner loop reads one typed array.
 */
export interface MelFilterbank {
  nMels: number;
  bins: number;
  /** First FFT bin of each filter. */
  start: Uint32Array;
  /** Filter m's weights are weights[offset[m]] .. weights[offset[m + 1] - 1], from bin start[m] on. */
  offset: Uint32Array;
  weights: Float64Array;
}

export function slaneyMelFilterbank(spec: MelFilterbankSpec): MelFilterbank {
  const { sampleRate, nFft, nMels, fMin, fMax } = spec;
  const bins = Math.floor(nFft / 2) + 1;
  const fftFreqs = new Float64Array(bins);
  for (let k = 0; k < bins; k++) fftFreqs[k] = (k * sampleRate) / nFft;

  // nMels + 2 band edges equally spaced on the mel scale.
  const melMin = hzToMelSlaney(fMin);
  const melMax = hzToMelSlaney(fMax);
  const edges = new Float64Array(nMels + 2);
  for (let i = 0; i < nMels + 2; i++) {
    edges[i] = melToHzSlaney(melMin + ((melMax - melMin) * i) / (nMels + 1));
  }

  const start = new Uint32Array(nMels);
  const offset = new Uint32Array(nMels + 1);
  const runs: Float64Array[] = [];
  for (let m = 0; m < nMels; m++) {
    const lo = edges[m]!;
    const centre = edges[m + 1]!;
    const hi = edges[m + 2]!;
    const areaNorm = 2 / (hi - lo);
    const dense = new Float64Array(bins);
    let first = -1;
    let last = -1;
    for (let k = 0; k < bins; k++) {
      const f = fftFreqs[k]!;
      const rising = (f - lo) / (centre - lo);
      const falling = (hi - f) / (hi - centre);
      const w = Math.max(0, Math.min(rising, falling)) * areaNorm;
      dense[k] = w;
      if (w > 0) {
        if (first < 0) first = k;
        last = k;
      }
    }
    // A filter narrower than one bin spacing can be empty (librosa warns); keep it as a zero row.
    const run = first < 0 ? new Float64Array(0) : dense.slice(first, last + 1);
    start[m] = Math.max(0, first);
    offset[m + 1] = offset[m]! + run.length;
    runs.push(run);
  }
  const weights = new Float64Array(offset[nMels]!);
  runs.forEach((run, m) => weights.set(run, offset[m]!));
  return { nMels, bins, start, offset, weights };
}

/** Filter m's non-zero weights (a view), starting at FFT bin fb.start[m]. */
export function filterWeights(fb: MelFilterbank, m: number): Float64Array {
  return fb.weights.subarray(fb.offset[m]!, fb.offset[m + 1]!);
}

/** out[m] = Σ_k fb[m,k] · power[k]. */
export function applyMel(fb: MelFilterbank, power: Float64Array, out: Float64Array): void {
  const { nMels, start, offset, weights } = fb;
  for (let m = 0; m < nMels; m++) {
    const from = offset[m]!;
    const to = offset[m + 1]!;
    // power index of weight j is start[m] + (j - from)
    const shift = start[m]! - from;
    let acc = 0;
    for (let j = from; j < to; j++) acc += weights[j]! * power[shift + j]!;
    out[m] = acc;
  }
}
