#!/usr/bin/python3
"""Reference front ends for parity tests: NeMo's log-mel (Canary/Nemotron) and moonshine-micro's.

Written independently of the TypeScript engine: torch.stft does the STFT, and the Slaney mel filterbank
is built in numpy the way librosa.filters.mel(htk=False, norm="slaney") builds it (librosa itself is
not installed on these machines).

Input: raw little-endian float32 files of 16 kHz mono samples (the engine's own decoder output, so
decoder differences never count). Output: one raw float32 file per input, [n_mels, frames] row-major,
and one JSON line per input on stdout: {"input", "output", "n_mels", "frames"}.

Run with Debian's interpreter (needs python3-torch and python3-numpy):
  /usr/bin/python3 scripts/python/frontend_reference.py nemo --normalize per_feature --out-dir D a.f32 b.f32
  /usr/bin/python3 scripts/python/frontend_reference.py moonshine --out-dir D a.f32
"""
import argparse
import json
import math
import os
import sys

import numpy as np
import torch


def hz_to_mel_slaney(hz):
    hz = np.asanyarray(hz, dtype=np.float64)
    f_sp = 200.0 / 3
    mel = hz / f_sp
    min_log_hz = 1000.0
    min_log_mel = min_log_hz / f_sp
    logstep = math.log(6.4) / 27.0
    high = hz >= min_log_hz
    mel = np.where(high, min_log_mel + np.log(np.maximum(hz, 1e-10) / min_log_hz) / logstep, mel)
    return mel


def mel_to_hz_slaney(mel):
    mel = np.asanyarray(mel, dtype=np.float64)
    f_sp = 200.0 / 3
    hz = f_sp * mel
    min_log_hz = 1000.0
    min_log_mel = min_log_hz / f_sp
    logstep = math.log(6.4) / 27.0
    return np.where(mel >= min_log_mel, min_log_hz * np.exp(logstep * (mel - min_log_mel)), hz)


def slaney_mel_filterbank(sr, n_fft, n_mels, fmin, fmax):
    """[n_mels, 1 + n_fft // 2] triangles on the Slaney mel scale, each scaled to unit area."""
    fft_freqs = np.linspace(0, sr / 2, 1 + n_fft // 2)
    edges = mel_to_hz_slaney(np.linspace(hz_to_mel_slaney(fmin), hz_to_mel_slaney(fmax), n_mels + 2))
    widths = np.diff(edges)
    ramps = edges[:, None] - fft_freqs[None, :]
    weights = np.zeros((n_mels, len(fft_freqs)))
    for m in range(n_mels):
        rising = -ramps[m] / widths[m]
        falling = ramps[m + 2] / widths[m + 1]
        weights[m] = np.maximum(0, np.minimum(rising, falling))
    weights *= (2.0 / (edges[2 : n_mels + 2] - edges[:n_mels]))[:, None]
    return weights


def nemo_log_mel(samples, normalize, dtype):
    """NeMo AudioToMelSpectrogramPreprocessor with the settings DESIGN.md lists; no dither."""
    x = torch.from_numpy(samples).to(dtype)
    if x.numel() > 1:
        x = torch.cat([x[:1], x[1:] - 0.97 * x[:-1]])
    frames = x.numel() // 160
    if frames == 0:
        return np.zeros((128, 0), dtype=np.float32)
    window = torch.hann_window(400, periodic=False, dtype=dtype)
    spec = torch.stft(x, n_fft=512, hop_length=160, win_length=400, window=window, center=True,
                      pad_mode="constant", return_complex=True)
    power = spec.real ** 2 + spec.imag ** 2
    fb = torch.from_numpy(slaney_mel_filterbank(16000, 512, 128, 0.0, 8000.0)).to(dtype)
    logmel = torch.log(fb @ power + 2.0 ** -24)[:, :frames]
    if normalize == "per_feature":
        mean = logmel.mean(dim=1, keepdim=True)
        std = logmel.std(dim=1, unbiased=True, keepdim=True) if frames > 1 else torch.zeros_like(mean)
        logmel = (logmel - mean) / (std + 1e-5)
    return logmel.to(torch.float32).numpy()


def moonshine_log_mel(samples, dtype):
    """moonshine-micro SpellingCNN front end, per its README."""
    clip = np.zeros(16000, dtype=np.float64)
    n = min(16000, len(samples))
    clip[:n] = samples[:n]
    x = torch.from_numpy(clip).to(dtype)
    window = torch.hann_window(512, periodic=True, dtype=dtype)
    spec = torch.stft(x, n_fft=512, hop_length=125, win_length=512, window=window, center=True,
                      pad_mode="reflect", return_complex=True)
    power = spec.real ** 2 + spec.imag ** 2
    fb = torch.from_numpy(slaney_mel_filterbank(16000, 512, 64, 20.0, 8000.0)).to(dtype)
    logmel = torch.log(fb @ power[:, :128] + 1e-6)
    std = max(float(logmel.std(unbiased=True)), 1e-3)
    logmel = (logmel - logmel.mean()) / std
    return logmel.to(torch.float32).numpy()


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("frontend", choices=["nemo", "moonshine"])
    parser.add_argument("inputs", nargs="+", help="raw float32 little-endian 16 kHz mono files")
    parser.add_argument("--out-dir", required=True)
    parser.add_argument("--normalize", choices=["per_feature", "none"], default="none", help="nemo only")
    parser.add_argument("--dtype", choices=["float64", "float32"], default="float64",
                        help="float32 reproduces NeMo's own arithmetic; float64 is the exact reference")
    args = parser.parse_args()
    dtype = torch.float64 if args.dtype == "float64" else torch.float32
    os.makedirs(args.out_dir, exist_ok=True)
    for path in args.inputs:
        samples = np.fromfile(path, dtype="<f4").astype(np.float64)
        if args.frontend == "nemo":
            feats = nemo_log_mel(samples, args.normalize, dtype)
        else:
            feats = moonshine_log_mel(samples, dtype)
        out = os.path.join(args.out_dir, os.path.basename(path) + f".{args.frontend}.f32")
        np.ascontiguousarray(feats, dtype="<f4").tofile(out)
        print(json.dumps({"input": path, "output": out, "n_mels": feats.shape[0], "frames": feats.shape[1]}))
    sys.stdout.flush()


if __name__ == "__main__":
    main()
