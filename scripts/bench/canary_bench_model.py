#!/usr/bin/python3
"""Larger models with the Canary sherpa-onnx/onnx-asr contract, for `npm run bench:engine`.

The committed parity fixture (d_model 32) is so small that per-call overhead is all a benchmark of it can
see. This builds the same model family, through the Canary fixture builder's own code
(scripts/python/canary_build_fixtures.py: same tensor names, dtypes, cache semantics, metadata, vocabulary
and hand wiring), with wider layers, optionally a deeper encoder (--enc-layers: that many attention +
feed-forward blocks after the subsampling convolutions) and a larger vocabulary (--vocab: the fixture's
pieces plus made-up word pieces up to that size, so the classifier, the logits and the argmax are the
real model's size), and exports both layouts. Random weights: it measures speed, not accuracy, and
proves nothing about parity (the committed fixture does that).

  /usr/bin/python3 scripts/bench/canary_bench_model.py OUT_DIR [--d-model 256] [--ffn 1024]
                                                       [--enc-layers 1] [--vocab 0]
"""
import argparse
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "python"))
import canary_build_fixtures as fixture  # noqa: E402  (after the path tweak)
import torch  # noqa: E402
from torch import nn  # noqa: E402


class DeepEncoder(fixture.Encoder):
    """The fixture's encoder with `layers` pre-LN attention + feed-forward blocks instead of one."""

    layers = 1

    def __init__(self):
        super().__init__()
        self.blocks = nn.ModuleList(
            [
                nn.ModuleList([nn.LayerNorm(fixture.D_MODEL), fixture.Attention(), nn.LayerNorm(fixture.D_MODEL), fixture.FeedForward()])
                for _ in range(self.layers - 1)
            ]
        )

    def forward(self, features, lengths):
        x = features
        lens = lengths
        for conv in self.convs:
            x = torch.relu(conv(x))
            lens = torch.div(lens - 1, 2, rounding_mode="floor") + 1
            x = x * fixture.time_mask(lens, x.shape[2])[:, None, :].to(x.dtype)
        x = x.transpose(1, 2)
        valid = fixture.time_mask(lens, x.shape[1])
        key_mask = (1.0 - valid.to(x.dtype))[:, None, None, :] * fixture.NEG
        blocks = [(self.norm_attn, self.attn, self.norm_ff, self.ff), *[tuple(b) for b in self.blocks]]
        for norm_attn, attn, norm_ff, ff in blocks:
            h = norm_attn(x)
            x = x + attn(h, h, key_mask)
            x = x + ff(norm_ff(x))
        return self.proj(x) * 2.0, lens


def grow_vocab(size):
    """Appends made-up word pieces so the vocabulary has `size` entries (ids of existing pieces unchanged)."""
    pieces = list(fixture.VOCAB)
    n = 0
    while len(pieces) < size:
        pieces.append(f"\u2581w{n}")
        n += 1
    # The builder reads these module globals when it builds, wires and exports the model.
    fixture.VOCAB = pieces
    fixture.V = len(pieces)
    fixture.ID = {p: i for i, p in enumerate(pieces)}
    fixture.WORD_IDS = [i for i, p in enumerate(pieces) if not p.startswith("<")]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("out")
    parser.add_argument("--d-model", type=int, default=256)
    parser.add_argument("--ffn", type=int, default=1024)
    parser.add_argument("--enc-layers", type=int, default=1)
    parser.add_argument("--vocab", type=int, default=0, help="grow the vocabulary to this many pieces (0: keep the fixture's)")
    parser.add_argument(
        "--eos-ramp",
        type=float,
        default=None,
        help="how fast <|endoftext|> gains with the step (the fixture's hand wiring; a larger vocabulary needs more)",
    )
    parser.add_argument("--seed", type=int, default=20250301)
    args = parser.parse_args()
    if args.d_model % fixture.N_HEADS or args.d_model < 16:
        parser.error(f"--d-model must be a multiple of {fixture.N_HEADS} and at least 16")
    if args.enc_layers < 1:
        parser.error("--enc-layers must be at least 1")
    # The builder reads these module constants when it constructs and exports the model.
    fixture.D_MODEL = args.d_model
    fixture.FFN = args.ffn
    if args.vocab:
        grow_vocab(args.vocab)
    DeepEncoder.layers = args.enc_layers
    fixture.Encoder = DeepEncoder
    torch.set_num_threads(1)
    torch.manual_seed(args.seed)
    model = fixture.TinyCanary()
    model.eval()
    wiring = dict(fixture.WIRING)
    if args.eos_ramp is not None:
        wiring["eos_ramp"] = args.eos_ramp
    fixture.wire_by_hand(model, wiring)
    with torch.no_grad():
        fixture.export_all(model, args.out)
    params = sum(p.numel() for p in model.parameters())
    print(
        f"wrote {args.out}/{{sherpa,onnx-asr}}: d_model {args.d_model}, ffn {args.ffn}, {args.enc_layers} encoder blocks, "
        f"vocabulary {fixture.V}, {params / 1e6:.1f} M parameters"
    )


if __name__ == "__main__":
    main()
