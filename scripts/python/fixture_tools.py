"""What the parity-fixture builders (canary_build_fixtures.py, nemotron_build_fixtures.py) share:
where the repo and the shared audio are, 16-bit WAV reading, byte-stable ONNX export, and the command
line that either writes the fixtures or (--check) rebuilds them aside and compares bytes."""

import argparse
import filecmp
import hashlib
import os
import shutil
import sys
import tempfile
import wave

import numpy as np
import onnx
import torch

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
SHARED_AUDIO = os.path.join(REPO, "..", "shared", "fixtures", "audio")
OPSET = 17


def read_pcm16(path):
    with wave.open(path) as w:
        if (w.getnchannels(), w.getsampwidth(), w.getframerate()) != (1, 2, 16000):
            raise ValueError(f"{path} is not 16 kHz 16-bit mono")
        pcm = np.frombuffer(w.readframes(w.getnframes()), dtype="<i2")
    return pcm.astype(np.float64) / 32768.0


def digest(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def export(module, args, path, input_names, output_names, dynamic_axes):
    torch.onnx.export(
        module,
        args,
        path,
        input_names=input_names,
        output_names=output_names,
        dynamic_axes=dynamic_axes,
        opset_version=OPSET,
        do_constant_folding=True,
    )
    # Drop the producer version so the bytes do not depend on the exact torch build string.
    m = onnx.load(path)
    m.producer_version = ""
    onnx.save(m, path)


def set_metadata(path, meta):
    m = onnx.load(path)
    del m.metadata_props[:]
    for key, value in meta.items():
        prop = m.metadata_props.add()
        prop.key, prop.value = key, str(value)
    onnx.save(m, path)


def fixture_cli(description, default_out, temp_prefix, seeds, build):
    """Parses --out/--check/--verbose and one option per seed ({"--seed": 1}), then runs
    build(target_dir, *seeds, verbose), which returns a list of problems (empty when the fixture is good)."""
    parser = argparse.ArgumentParser(description=description, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", default=default_out)
    for flag, default in seeds.items():
        parser.add_argument(flag, type=int, default=default)
    parser.add_argument("--check", action="store_true", help="rebuild in a temp dir and compare with --out")
    parser.add_argument("--verbose", action="store_true")
    args = parser.parse_args()
    torch.set_num_threads(1)  # one thread: the same float reductions on every run
    seed_values = [getattr(args, flag.lstrip("-").replace("-", "_")) for flag in seeds]

    target = tempfile.mkdtemp(prefix=temp_prefix) if args.check else args.out
    try:
        problems = build(target, *seed_values, args.verbose)
        if problems:
            print("the fixture does not test enough; change a seed or the wiring:", file=sys.stderr)
            for p in problems:
                print("  " + p, file=sys.stderr)
            return 1
        if args.check:
            different = []
            for root, _, files in os.walk(target):
                for name in files:
                    fresh = os.path.join(root, name)
                    committed = os.path.join(args.out, os.path.relpath(fresh, target))
                    if not os.path.exists(committed) or not filecmp.cmp(fresh, committed, shallow=False):
                        different.append(os.path.relpath(fresh, target))
            if different:
                print("rebuilt fixtures differ from the committed ones: " + ", ".join(sorted(different)))
                return 1
            print("fixtures are reproducible: every rebuilt file is byte-identical")
            return 0
        for root, _, files in sorted(os.walk(target)):
            for name in sorted(files):
                path = os.path.join(root, name)
                print(f"{os.path.relpath(path, REPO)}  {os.path.getsize(path):>8d}  {digest(path)[:16]}")
        return 0
    finally:
        if args.check:
            shutil.rmtree(target, ignore_errors=True)
