#!/usr/bin/python3
"""A larger model with the Canary sherpa-onnx/onnx-asr contract, for `npm run bench:engine`.

The committed parity fixture (d_model 32) is so small that per-call overhead is all a benchmark of it can
see. This builds the same model family, through the Canary fixture builder's own code
(scripts/python/canary_build_fixtures.py: same tensor names, dtypes, cache semantics, metadata, vocabulary
and hand wiring), with wider layers, and exports both layouts. Random weights: it measures speed, not
accuracy, and proves nothing about parity (the committed fixture does that).

  /usr/bin/python3 scripts/bench/canary_bench_model.py OUT_DIR [--d-model 256] [--ffn 1024]
"""
import argparse
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "python"))
import canary_build_fixtures as fixture  # noqa: E402  (after the path tweak)
import torch  # noqa: E402


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("out")
    parser.add_argument("--d-model", type=int, default=256)
    parser.add_argument("--ffn", type=int, default=1024)
    parser.add_argument("--seed", type=int, default=20250301)
    args = parser.parse_args()
    if args.d_model % fixture.N_HEADS or args.d_model < 16:
        parser.error(f"--d-model must be a multiple of {fixture.N_HEADS} and at least 16")
    # The builder reads these module constants when it constructs and exports the model.
    fixture.D_MODEL = args.d_model
    fixture.FFN = args.ffn
    torch.set_num_threads(1)
    torch.manual_seed(args.seed)
    model = fixture.TinyCanary()
    model.eval()
    fixture.wire_by_hand(model)
    with torch.no_grad():
        fixture.export_all(model, args.out)
    params = sum(p.numel() for p in model.parameters())
    print(f"wrote {args.out}/{{sherpa,onnx-asr}}: d_model {args.d_model}, ffn {args.ffn}, {params / 1e6:.1f} M parameters")


if __name__ == "__main__":
    main()
