/** Hann windows as torch.hann_window builds them. */

/** periodic=false: symmetric, zero at both ends (NeMo's STFT window). */
export function hannSymmetric(length: number): Float64Array {
  const w = new Float64Array(length);
  if (length === 1) {
    w[0] = 1;
    return w;
  }
  for (let n = 0; n < length; n++) w[n] = 0.5 - 0.5 * Math.cos((2 * Math.PI * n) / (length - 1));
  return w;
}

/** periodic=true: the first `length` points of a symmetric window of length+1 (spectral-analysis form). */
export function hannPeriodic(length: number): Float64Array {
  const w = new Float64Array(length);
  for (let n = 0; n < length; n++) w[n] = 0.5 - 0.5 * Math.cos((2 * Math.PI * n) / length);
  return w;
}

/** A window of `length` centred in `size` zeros, as torch.stft does when win_length < n_fft. */
export function centreWindow(window: Float64Array, size: number): Float64Array {
  if (window.length > size) throw new RangeError(`window ${window.length} longer than FFT size ${size}`);
  const out = new Float64Array(size);
  out.set(window, Math.floor((size - window.length) / 2));
  return out;
}
