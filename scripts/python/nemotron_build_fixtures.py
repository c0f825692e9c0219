#!/usr/bin/python3
"""Build the Nemotron streaming parity fixtures: a tiny cache-aware RNNT with the sherpa-onnx export contract.

nemotron-3.5-asr-streaming cannot be brought onto these machines, so the engine's Nemotron runner is proven
against a *tiny* model with the same contract and random, seeded weights. This script:

  1. builds that model in PyTorch: a causal 8x conv subsampling ("pre-encode"), conformer-style layers whose
     self-attention keeps a left-context cache (cache_last_channel) and whose causal depthwise conv keeps a
     time cache (cache_last_time), NeMo's chunked_limited attention mask, a language prompt (one-hot of
     prompt_index, concatenated and projected, as NeMo's prompt_kernel), an LSTM prediction network
     (2 layers, h/c [2, B, H]) and an RNNT joint;
  2. exports one encoder per chunk size (80/320/560/1120 ms) to `model/<ms>ms/encoder.onnx`, with the
     tensor names, dynamic axes and metadata of sherpa-onnx's nemotron export (window_size, chunk_shift,
     cache dims, prompt_dictionary, auto_prompt_id, ...), and `model/decoder.onnx`, `model/joiner.onnx`,
     `model/tokens.txt` once beside them (every published package carries identical copies; the runner
     takes either arrangement). The weights are the same in every encoder; only the chunk size baked into
     the attention mask and the metadata differ, as in the real exports;
  3. runs a PyTorch reference of NeMo's cache-aware streaming loop (below) on real speech from
     ../shared/fixtures/audio through the NeMo front end (scripts/python/frontend_reference.py) and records
     the greedy token sequences and the encoder frame of every token, per chunk size and language prompt,
     each stream alone and several streams of different lengths batched together;
  4. writes inference/models/nemotron/fixtures/: model/, decoder-batched.onnx, features.f32 (the features
     of two of the recordings, as the reference used them) and references.json.

THE STREAMING LOOP (NeMo's CacheAwareStreamingAudioBuffer with pad_and_drop_preencoded=True, the mode that
matches an export with one fixed window; conformer_stream_step; greedy RNNT with max_symbols 10):
  shift S = chunk_ms / 10 feature frames, pre-encode cache P = 9 frames, window W = S + P.
  Chunk k feeds feature frames [k*S - P, k*S + S): frames before 0 or past the end are zeros (the first
  chunk's 9 pre-encode frames are zeros). `length` is W, except for the last chunk: P + the frames left.
  A last chunk with fewer than `subsampling` (8) new frames is not decoded (NeMo drops it); the first chunk
  only needs one frame. The encoder drops the first 2 subsampled frames (NeMo's drop_extra_pre_encoded),
  returns `encoded_lengths` valid frames, and the caches; cache_last_channel_len grows by the frames of
  the window (not the valid ones) up to the cache size, as NeMo does.
  Greedy: the prediction network starts from zero states fed the blank id (its embedding is the zero
  padding row, which is what NeMo's SOS gives); per encoder frame, up to 10 symbols, stop at blank; the
  decoder runs only after a symbol. A token's time is its encoder frame (80 ms each) counted from the
  stream start.

SCALED-DOWN DIMENSIONS (nemotron-3.5-asr-streaming-0.6b in brackets): encoder layers 2 [24], d_model 32
[1024], prediction network hidden 32 [640], joint hidden 119 [640], vocabulary 136 + blank [thousands].
Kept as in the real model: 128 mel bins, subsampling 8, pre-encode cache 9 frames, cache_last_channel length
56 frames (the left attention context), conv kernel 9 -> cache_last_time width 8, 2 LSTM layers, 128 prompt
slots with "auto" at 101, max 10 symbols per frame, blank = last id. So cache_last_channel is [B, 2, 56, 32]
and cache_last_time [B, 2, 32, 8].

The decoder is exported like NeMo's RNNTDecoder export: inputs targets (i32 [B, U]), target_length (i32 [B]),
states.1 (h, [2, B, H]) and onnx::Slice_3 (c, [2, 1, H]: NeMo's export leaves the batch axis of c fixed at
1, so a real decoder can only run one stream per call); outputs outputs ([B, H, U]), prednet_lengths,
states, 162. `decoder-batched.onnx` is the same decoder with a batch axis on c as well, for the batched
decoder path.

The weights are random, but some paths are wired by hand so that greedy decoding is worth testing:
  - an "energy" channel through the subsampling (the mean log-mel, thresholded) lowers the blank logit on
    loud frames; it bypasses the layers, so emission timing follows the audio;
  - the attention and conv outputs are amplified so that the tokens depend on both caches (checked: a loop
    that forgets either cache gives different tokens);
  - the prediction network carries pass-through units: a "nothing emitted yet" flag, each token's random
    "blank affinity" and code, and a slowly rotating phase advanced by every symbol; the joint turns them
    into a repeat penalty and a blank preference that varies from symbol to symbol, so a frame emits 0, 1,
    a few, or (on the loudest frames, and on the first frame whose pre-encode context is NeMo's zero
    padding) the cap of 10 symbols;
  - with a forced locale the first symbol is that locale's tag (`<de-DE>`), never under "auto"; the runner
    must strip it from the text.
The script refuses to write fixtures that would prove little (see sanity()): an argmax whose top-2 logit
gap is under MIN_MARGIN, batched != single, tags missing or misplaced, prompts or chunk sizes that make no
difference, a forgotten cache that makes no difference, or sherpa-onnx's window schedule (no zero prefix)
giving NeMo's tokens.

Run with Debian's interpreter (python3-torch 1.13, python3-onnx 1.12; no onnxruntime needed):
  /usr/bin/python3 scripts/python/nemotron_build_fixtures.py            # (re)write the committed fixtures
  /usr/bin/python3 scripts/python/nemotron_build_fixtures.py --check    # rebuild in a temp dir, compare bytes
"""
import json
import os
import sys

import numpy as np
import torch
from torch import nn
from torch.nn import functional as F

from fixture_tools import REPO, SHARED_AUDIO, digest, export, fixture_cli, read_pcm16, set_metadata
from frontend_reference import nemo_log_mel  # the project's torch reference of the NeMo front end

DEFAULT_OUT = os.path.join(REPO, "inference", "models", "nemotron", "fixtures")

CHUNKS_MS = [80, 320, 560, 1120]
N_MELS = 128
SUBSAMPLING = 8
PRE_ENCODE = SUBSAMPLING + 1  # NeMo's pre_encode_cache_size[1] for causal striding subsampling
DROP_EXTRA = 1 + (PRE_ENCODE - 1) // SUBSAMPLING  # NeMo's drop_extra_pre_encoded: 2
SUB_CHANNELS = 16
D_MODEL = 32
N_LAYERS = 2
N_HEADS = 2
FF = 64
CONV_KERNEL = 9
TIME_CACHE = CONV_KERNEL - 1
LEFT_CONTEXT = 56  # cache_last_channel length; a multiple of every chunk's frame count (1, 4, 7, 14)
PRED_HIDDEN = 32
PRED_LAYERS = 2
N_PROMPTS = 128
AUTO_PROMPT = 101
MAX_SYMBOLS = 10
NEG = -10000.0  # NeMo's additive attention mask value
# Smallest allowed gap between the best and second-best joint logit at any greedy decision: far above
# the ~1e-5 by which onnxruntime and PyTorch (or our TS front end and the torch one) differ here.
MIN_MARGIN = 5e-5

# The seed page's language enum (auto + 40 locales), in its order.
LOCALES = (
    "en-US en-GB es-US es-ES de-DE fr-FR fr-CA it-IT ar-AR ja-JP ko-KR pt-BR pt-PT ru-RU hi-IN zh-CN vi-VN "
    "he-IL nl-NL cs-CZ da-DK pl-PL nn-NO nb-NO sv-SE th-TH tr-TR bg-BG el-GR et-EE fi-FI hr-HR hu-HU lt-LT "
    "lv-LV ro-RO sk-SK uk-UA mt-MT sl-SI"
).split()
assert len(LOCALES) == 40
CODE_BITS = 6  # locale k is announced by the binary code of k + 1 on 6 encoder-output dimensions

WORDS = (
    "the and of to a in is it you that he was for on are with as his they be at one have this from or had "
    "by word but what some we can out other were all there when up use your how said an each der die und "
    "das ist nicht ein le la et les des est pas el los del se por con time year people way day man thing"
).split()
SUBWORDS = ["s", "ing", "ed", "er", "en", "es", "ly", "t", "e", "n", "a", "o", "r", "i", "ä", "é"]
PUNCTUATION = [".", ",", "?", "!"]


def build_vocab():
    pieces = ["<unk>"] + [f"<{loc}>" for loc in LOCALES] + ["\u2581"]
    pieces += ["\u2581" + w for w in WORDS] + SUBWORDS + PUNCTUATION
    return pieces


VOCAB = build_vocab()
V = len(VOCAB)  # without blank: the metadata's vocab_size
BLANK = V
TAG_IDS = [VOCAB.index(f"<{loc}>") for loc in LOCALES]
TEXT_IDS = [i for i in range(V) if i not in TAG_IDS and VOCAB[i] != "<unk>"]
PROMPTS = {loc: i for i, loc in enumerate(LOCALES)}
PROMPTS["auto"] = AUTO_PROMPT

# Hand-wired dimensions.
R_EMIT = 0  # residual/encoder-output dimension carrying the (thresholded) frame energy
R_CODE = list(range(1, 1 + CODE_BITS))  # encoder-output dimensions carrying the forced locale's code
E_TOKEN = 0  # embedding dimension: 1 for every real token, 0 for blank (the zero padding row)
E_AFFINITY = 1  # embedding dimension: each token's own random "blank affinity" in [-1, 1]
CODE_DIMS = 6
E_CODE = list(range(2, 2 + CODE_DIMS))  # embedding dimensions: each token's random +-1 code
U_STARTED = 0  # LSTM unit (both layers): ~0 until the first symbol, >= 0.7 after
U_AFFINITY = 1  # LSTM unit (both layers): a monotone copy of the last token's affinity
U_CODE = list(range(2, 2 + CODE_DIMS))  # LSTM units (both layers): ~0.75 * the last token's code
U_PHASE = [2 + CODE_DIMS, 3 + CODE_DIMS]  # LSTM units: a damped rotation advanced by every symbol
J_EMIT = 0  # joint hidden unit: energy
J_AFFINITY = 1  # joint hidden unit: last token's affinity (so a frame's run of symbols ends at random)
J_TAGS = list(range(2, 2 + len(LOCALES)))  # joint hidden units: "first symbol and locale k"
# joint units: relu(+code_last) and relu(-code_last), so their difference is linear in the code
J_CODE_POS = list(range(2 + len(LOCALES), 2 + len(LOCALES) + CODE_DIMS))
J_CODE_NEG = list(range(2 + len(LOCALES) + CODE_DIMS, 2 + len(LOCALES) + 2 * CODE_DIMS))
J_CODE = J_CODE_POS + J_CODE_NEG
J_PHASE = 2 + len(LOCALES) + 2 * CODE_DIMS  # joint unit: part of the rotation's cycle that favours blank
JOINT = 3 + len(LOCALES) + 2 * CODE_DIMS + 64  # 64 random units


def code_bits(k):
    return [((k + 1) >> j) & 1 for j in range(CODE_BITS)]


# ------------------------------------------------------------------------------------------------ model


def subsampled_length(length):
    """Valid frames after the three causal stride-2 convolutions (left pad 2, right pad 1, kernel 3)."""
    for _ in range(3):
        length = torch.div(length, 2, rounding_mode="floor") + 1
    return length


class PreEncode(nn.Module):
    """Causal striding subsampling by 8 over time (NeMo's causal dw_striding, reduced to 1-D convs)."""

    def __init__(self):
        super().__init__()
        self.convs = nn.ModuleList(
            [nn.Conv1d(N_MELS, SUB_CHANNELS, 3, 2), nn.Conv1d(SUB_CHANNELS, SUB_CHANNELS, 3, 2),
             nn.Conv1d(SUB_CHANNELS, SUB_CHANNELS, 3, 2)]
        )
        self.out = nn.Linear(SUB_CHANNELS, D_MODEL)

    def forward(self, x, length):
        for conv in self.convs:
            x = torch.relu(conv(F.pad(x, (2, 1))))
        return self.out(x.transpose(1, 2)), subsampled_length(length)


class FeedForward(nn.Module):
    def __init__(self):
        super().__init__()
        self.norm = nn.LayerNorm(D_MODEL)
        self.up = nn.Linear(D_MODEL, FF)
        self.down = nn.Linear(FF, D_MODEL)

    def forward(self, x):
        return self.down(F.silu(self.up(self.norm(x))))


class Layer(nn.Module):
    """Macaron FF, self-attention over [left-context cache; chunk], causal depthwise conv with a time cache."""

    def __init__(self):
        super().__init__()
        self.ff1 = FeedForward()
        self.att_norm = nn.LayerNorm(D_MODEL)
        self.qkv = nn.Linear(D_MODEL, 3 * D_MODEL)
        self.att_out = nn.Linear(D_MODEL, D_MODEL)
        self.conv_norm = nn.LayerNorm(D_MODEL)
        self.pointwise1 = nn.Linear(D_MODEL, 2 * D_MODEL)
        self.depthwise = nn.Conv1d(D_MODEL, D_MODEL, CONV_KERNEL, groups=D_MODEL)
        self.pointwise2 = nn.Linear(D_MODEL, D_MODEL)
        self.ff2 = FeedForward()

    def forward(self, x, cache_channel, cache_time, att_allowed, valid):
        b, t, _ = x.shape
        x = x + 0.5 * self.ff1(x)

        # NeMo's MultiHeadAttention.update_cache: keys/values are [cache; normed input], the next cache is
        # the last LEFT_CONTEXT rows of that (cache_drop_size is 0 for chunked_limited attention).
        q_in = self.att_norm(x)
        kv_in = torch.cat([cache_channel, q_in], dim=1)
        next_channel = kv_in[:, -LEFT_CONTEXT:, :]
        q = self.qkv(q_in)[:, :, :D_MODEL]
        kv = self.qkv(kv_in)
        k, v = kv[:, :, D_MODEL:2 * D_MODEL], kv[:, :, 2 * D_MODEL:]
        dh = D_MODEL // N_HEADS
        q = q.reshape(b, t, N_HEADS, dh).transpose(1, 2)
        k = k.reshape(b, -1, N_HEADS, dh).transpose(1, 2)
        v = v.reshape(b, -1, N_HEADS, dh).transpose(1, 2)
        scores = (q @ k.transpose(2, 3)) / (dh ** 0.5)
        allowed = att_allowed[:, None, :, :]
        weights = torch.softmax(scores.masked_fill(~allowed, NEG), dim=-1).masked_fill(~allowed, 0.0)
        att = (weights @ v).transpose(1, 2).reshape(b, t, D_MODEL)
        x = x + self.att_out(att)

        # NeMo's ConformerConvolution: pointwise + GLU, padding zeroed, causal depthwise conv whose left
        # context is the time cache (CausalConv1D.update_cache), swish, pointwise.
        c = F.glu(self.pointwise1(self.conv_norm(x)), dim=-1)
        c = c.masked_fill(~valid[:, :, None], 0.0).transpose(1, 2)
        full = torch.cat([cache_time, c], dim=2)
        next_time = full[:, :, -TIME_CACHE:]
        c = self.pointwise2(F.silu(self.depthwise(full)).transpose(1, 2))
        x = x + c

        x = x + 0.5 * self.ff2(x)
        return x, next_channel, next_time


class Encoder(nn.Module):
    """One cache-aware streaming step; `chunk_frames` (att_context_size[1] + 1) is baked into the graph."""

    def __init__(self):
        super().__init__()
        self.pre_encode = PreEncode()
        self.layers = nn.ModuleList([Layer() for _ in range(N_LAYERS)])
        self.prompt_kernel = nn.Linear(D_MODEL + N_PROMPTS, D_MODEL)
        self.chunk_frames = 1

    def forward(self, audio_signal, length, cache_last_channel, cache_last_time, cache_last_channel_len, prompt_index):
        x, lengths = self.pre_encode(audio_signal, length)
        x = x[:, DROP_EXTRA:, :]
        lengths = torch.clamp(lengths - DROP_EXTRA, min=0)
        b, t, _ = x.shape

        # NeMo's _create_masks over the timeline [cache (LEFT_CONTEXT); chunk (t)]: a key is valid when it
        # is a filled cache row (position >= LEFT_CONTEXT - cache_len) or a valid chunk frame; chunked_limited
        # attention lets a frame see its own chunk and LEFT_CONTEXT // chunk_frames chunks to the left.
        total = LEFT_CONTEXT + t
        pos = torch.arange(total)
        offset = LEFT_CONTEXT - cache_last_channel_len
        key_valid = (pos[None, :] >= offset[:, None]) & (pos[None, :] < (lengths + LEFT_CONTEXT)[:, None])
        chunk_idx = torch.div(pos, self.chunk_frames, rounding_mode="floor")
        diff = chunk_idx[:, None] - chunk_idx[None, :]
        chunked = (diff >= 0) & (diff <= LEFT_CONTEXT // self.chunk_frames)
        allowed = chunked[None, :, :] & key_valid[:, None, :] & key_valid[:, :, None]
        allowed = allowed[:, LEFT_CONTEXT:, :]
        valid = torch.arange(t)[None, :] < lengths[:, None]

        next_channel, next_time = [], []
        for i, layer in enumerate(self.layers):
            x, ch, tm = layer(x, cache_last_channel[:, i], cache_last_time[:, i], allowed, valid)
            next_channel.append(ch)
            next_time.append(tm)

        prompt = (prompt_index[:, None] == torch.arange(N_PROMPTS)[None, :]).to(x.dtype)
        prompt = prompt[:, None, :].expand(b, t, N_PROMPTS)
        encoded = self.prompt_kernel(torch.cat([x, prompt], dim=-1)).transpose(1, 2)
        cache_len_next = torch.clamp(cache_last_channel_len + t, max=LEFT_CONTEXT)
        return (encoded, lengths, torch.stack(next_channel, dim=1), torch.stack(next_time, dim=1), cache_len_next)


class Predictor(nn.Module):
    """NeMo's RNNTDecoder: embedding (blank is the zero padding row) + 2-layer LSTM."""

    def __init__(self):
        super().__init__()
        self.embed = nn.Embedding(V + 1, PRED_HIDDEN, padding_idx=BLANK)
        self.lstm = nn.LSTM(PRED_HIDDEN, PRED_HIDDEN, PRED_LAYERS, batch_first=True)

    def forward(self, targets, h, c):
        g, (h2, c2) = self.lstm(self.embed(targets.to(torch.int64)), (h, c))
        return g, h2, c2


class Joint(nn.Module):
    def __init__(self):
        super().__init__()
        self.enc = nn.Linear(D_MODEL, JOINT)
        self.pred = nn.Linear(PRED_HIDDEN, JOINT)
        self.out = nn.Linear(JOINT, V + 1)

    def forward(self, f, g):
        """f [B, T, D], g [B, U, H] -> logits [B, T, U, V + 1]."""
        return self.out(torch.relu(self.enc(f)[:, :, None, :] + self.pred(g)[:, None, :, :]))


class TinyNemotron(nn.Module):
    def __init__(self):
        super().__init__()
        self.encoder = Encoder()
        self.predictor = Predictor()
        self.joint = Joint()


@torch.no_grad()
def wire_by_hand(model):
    enc = model.encoder
    # Energy: channel 0 of each subsampling conv averages its input's channel 0 (the first conv: the mean
    # log-mel of its 3 frames, shifted so quiet frames give 0), and the projection puts it, minus a
    # threshold, on R_EMIT.
    c1, c2, c3 = enc.pre_encode.convs
    c1.weight[0] = 1.0 / (N_MELS * 3)
    c1.bias[0] = ENERGY_BIAS
    for conv in (c2, c3):
        conv.weight[0] = 0.0
        conv.weight[0, 0, :] = 1.0 / 3
        conv.bias[0] = 0.0
        conv.weight[1:, 0, :] *= 0.2
    enc.pre_encode.out.weight[R_EMIT] = 0.0
    enc.pre_encode.out.weight[R_EMIT, 0] = 1.0
    enc.pre_encode.out.bias[R_EMIT] = -EMIT_THRESHOLD
    # The attention and conv outputs (what the caches feed) are made loud enough to steer the tokens.
    for layer in enc.layers:
        layer.att_out.weight.mul_(CONTEXT_GAIN)
        layer.pointwise2.weight.mul_(CONTEXT_GAIN)
    # Nothing the layers compute is written onto R_EMIT (it would pass LayerNorms otherwise unchanged).
    for layer in enc.layers:
        for lin in (layer.ff1.down, layer.ff2.down, layer.att_out, layer.pointwise2):
            lin.weight[R_EMIT] = 0.0
            lin.bias[R_EMIT] = 0.0
    # Prompt kernel: R_EMIT passes through; R_CODE holds the forced locale's binary code (all zero for
    # "auto" and for unused prompt slots) and nothing else.
    pk = enc.prompt_kernel
    pk.weight[R_EMIT] = 0.0
    pk.weight[R_EMIT, R_EMIT] = 1.0
    pk.bias[R_EMIT] = 0.0
    for j, dim in enumerate(R_CODE):
        pk.weight[dim] = 0.0
        pk.bias[dim] = 0.0
        for k in range(len(LOCALES)):
            pk.weight[dim, D_MODEL + k] = float(code_bits(k)[j])

    # Prediction network: embedding dim E_TOKEN is 1 for every token (0 for blank: the padding row).
    # LSTM unit U_STARTED in layer 0 accumulates "a token was seen" in its cell (input gate opens only
    # for tokens, forget gate ~1, candidate ~1); layer 1's unit copies tanh of it. ~0 before the first
    # symbol, >= ~0.7 after. No other unit writes into these units.
    pred = model.predictor
    for name, param in pred.lstm.named_parameters():
        param.mul_(LSTM_SCALE if name.startswith("weight") else LSTM_BIAS_SCALE)
    pred.embed.weight[:, E_TOKEN] = 1.0
    pred.embed.weight[:, E_AFFINITY] = torch.rand(V + 1) * 2 - 1
    codes = torch.where(torch.rand(V + 1, CODE_DIMS) < 0.5, -1.0, 1.0)
    pred.embed.weight[:, E_CODE] = codes
    pred.embed.weight[BLANK] = 0.0
    H = PRED_HIDDEN
    lstm = pred.lstm
    for layer in range(PRED_LAYERS):
        w_ih = getattr(lstm, f"weight_ih_l{layer}")
        w_hh = getattr(lstm, f"weight_hh_l{layer}")
        b_ih = getattr(lstm, f"bias_ih_l{layer}")
        b_hh = getattr(lstm, f"bias_hh_l{layer}")
        gates = {"i": 0, "f": H, "g": 2 * H, "o": 3 * H}
        for g0 in gates.values():
            for unit in [U_STARTED, U_AFFINITY] + U_CODE + U_PHASE:
                w_ih[g0 + unit] = 0.0
                w_hh[g0 + unit] = 0.0
                b_ih[g0 + unit] = 0.0
                b_hh[g0 + unit] = 0.0
        # U_AFFINITY forgets everything and takes tanh(2 * input) of the affinity each step.
        b_ih[gates["i"] + U_AFFINITY] = 12.0
        b_ih[gates["f"] + U_AFFINITY] = -12.0
        b_ih[gates["o"] + U_AFFINITY] = 12.0
        w_ih[gates["g"] + U_AFFINITY, E_AFFINITY if layer == 0 else U_AFFINITY] = 2.0
        # U_CODE: the same pass-through for the code (gain 2, then 3: ~0.75 * code after layer 1).
        for e, unit in zip(E_CODE, U_CODE):
            b_ih[gates["i"] + unit] = 12.0
            b_ih[gates["f"] + unit] = -12.0
            b_ih[gates["o"] + unit] = 12.0
            w_ih[gates["g"] + unit, e if layer == 0 else unit] = 2.0 if layer == 0 else 3.0
        # U_PHASE: layer 0 turns its own previous output by PHASE_ANGLE (gain PHASE_GAIN) and adds a kick
        # from the token indicator, so h follows a quasi-periodic cycle, one step per symbol; layer 1 copies
        # the first unit.
        for unit in U_PHASE:
            b_ih[gates["i"] + unit] = 12.0
            b_ih[gates["f"] + unit] = -12.0
            b_ih[gates["o"] + unit] = 12.0
        a, b = U_PHASE
        if layer == 0:
            cos, sin = PHASE_GAIN * np.cos(PHASE_ANGLE), PHASE_GAIN * np.sin(PHASE_ANGLE)
            w_hh[gates["g"] + a, a], w_hh[gates["g"] + a, b] = cos, -sin
            w_hh[gates["g"] + b, a], w_hh[gates["g"] + b, b] = sin, cos
            w_ih[gates["g"] + a, E_TOKEN] = PHASE_KICK
        else:
            w_ih[gates["g"] + a, a] = 1.0
        if layer == 0:
            w_ih[gates["i"] + U_STARTED, E_TOKEN] = 12.0
            b_ih[gates["i"] + U_STARTED] = -6.0
            b_ih[gates["f"] + U_STARTED] = 12.0
            b_ih[gates["g"] + U_STARTED] = 12.0
            b_ih[gates["o"] + U_STARTED] = 12.0
        else:
            b_ih[gates["i"] + U_STARTED] = 12.0
            b_ih[gates["f"] + U_STARTED] = -12.0
            w_ih[gates["g"] + U_STARTED, U_STARTED] = 3.0
            b_ih[gates["o"] + U_STARTED] = 12.0

    # Joint. J_EMIT = relu(energy) lowers blank. J_TAGS[k] = relu(exact match of the locale code
    # - 20 * started + 5) raises <locale k> far above everything: only as the first symbol of a stream
    # with a forced locale. Random units do the rest; none of them reads R_CODE or U_STARTED directly.
    joint = model.joint
    joint.pred.weight.mul_(PRED_SCALE)
    joint.enc.weight.mul_(ENC_SCALE)
    joint.enc.weight[:, R_CODE] = 0.0
    joint.pred.weight[:, [U_STARTED, U_AFFINITY] + U_CODE + U_PHASE] = 0.0
    for unit in [J_EMIT, J_AFFINITY, J_PHASE] + J_TAGS + J_CODE:
        joint.enc.weight[unit] = 0.0
        joint.enc.bias[unit] = 0.0
        joint.pred.weight[unit] = 0.0
        joint.pred.bias[unit] = 0.0
        joint.out.weight[:, unit] = 0.0
    joint.enc.weight[J_EMIT, R_EMIT] = 1.0
    joint.out.weight[BLANK, J_EMIT] = -EMIT_GAIN
    joint.pred.weight[J_AFFINITY, U_AFFINITY] = 1.0
    joint.pred.bias[J_AFFINITY] = 1.0
    joint.out.weight[BLANK, J_AFFINITY] = AFFINITY_GAIN
    joint.pred.weight[J_PHASE, U_PHASE[0]] = 1.0
    joint.pred.bias[J_PHASE] = -0.35
    joint.out.weight[BLANK, J_PHASE] = PHASE_BLANK_GAIN
    for k, unit in enumerate(J_TAGS):
        bits = code_bits(k)
        for j, dim in enumerate(R_CODE):
            joint.enc.weight[unit, dim] = 10.0 * (2 * bits[j] - 1)
        joint.enc.bias[unit] = 5.0 - 10.0 * sum(bits)
        joint.pred.weight[unit, U_STARTED] = -20.0
        joint.out.weight[TAG_IDS[k], unit] = 20.0
    random_units = [u for u in range(JOINT) if u not in [J_EMIT, J_AFFINITY, J_PHASE] + J_TAGS + J_CODE]
    for tag in TAG_IDS:
        joint.out.weight[tag, random_units] = 0.0
    # ReLU units are never negative: centring each token's weights keeps a few tokens from winning
    # whatever the input (their weights would otherwise just line up with the mean activation).
    w = joint.out.weight[:, random_units]
    joint.out.weight[:, random_units] = (w - w.mean(dim=1, keepdim=True)) * LOGIT_SCALE
    joint.out.weight[BLANK, random_units] *= BLANK_NOISE
    joint.out.bias.zero_()
    joint.out.bias[BLANK] = BLANK_BIAS
    for never in TAG_IDS + [VOCAB.index("<unk>")]:
        joint.out.bias[never] = -50.0
    # Repeat penalty: token y loses REPEAT_PENALTY * 0.75 * (code_y . code_last), most (4.5 times the
    # penalty) when y repeats the last token, so a frame's symbols are not one token over and over.
    for j in range(CODE_DIMS):
        joint.pred.weight[J_CODE_POS[j], U_CODE[j]] = 1.0
        joint.pred.weight[J_CODE_NEG[j], U_CODE[j]] = -1.0
        joint.out.weight[:V, J_CODE_POS[j]] = -REPEAT_PENALTY * codes[:V, j]
        joint.out.weight[:V, J_CODE_NEG[j]] = REPEAT_PENALTY * codes[:V, j]


# Tuned so that the references emit a useful amount (see sanity()).
ENERGY_BIAS = 13.0  # mean log-mel of digital near-silence is about -15, of speech -11 to -7
EMIT_THRESHOLD = -0.5
EMIT_GAIN = 4.0
LOGIT_SCALE = 6.0
LSTM_SCALE = 6.0
LSTM_BIAS_SCALE = 5.0
PRED_SCALE = 8.0
ENC_SCALE = 8.0
CONTEXT_GAIN = 4.0
AFFINITY_GAIN = 2.0
REPEAT_PENALTY = 3.0
PHASE_GAIN = 2.5
PHASE_ANGLE = 2 * np.pi / 5
PHASE_KICK = 0.8
PHASE_BLANK_GAIN = 60.0
BLANK_NOISE = 0.2
BLANK_BIAS = 13.0


# ------------------------------------------------------------------------------- the streaming reference


class Stream:
    """One stream's state in the reference loop."""

    def __init__(self, feats, prompt):
        self.feats = feats  # [128, T] float32 tensor
        self.frames = feats.shape[1]
        self.prompt = prompt
        self.chunk = 0
        self.cache_channel = torch.zeros(N_LAYERS, LEFT_CONTEXT, D_MODEL)
        self.cache_time = torch.zeros(N_LAYERS, D_MODEL, TIME_CACHE)
        self.cache_len = 0
        self.tokens, self.token_frames = [], []
        self.frame_offset = 0
        self.min_margin = float("inf")
        self.max_symbols = 0
        self.symbol_counts = [0] * (MAX_SYMBOLS + 1)  # how many frames emitted 0, 1, ..., 10 symbols
        self.steps = 0
        self.dec = None  # (g [H], h [L, 1, H], c [L, 1, H]) after the last decoder run

    def next_window(self, shift):
        """(window [128, W], length) for this stream's next chunk, or None when the stream is done."""
        start = self.chunk * shift
        if start >= self.frames:
            return None
        new = min(shift, self.frames - start)
        if new < (1 if self.chunk == 0 else SUBSAMPLING):
            return None
        window = torch.zeros(N_MELS, shift + PRE_ENCODE)
        lo = start - PRE_ENCODE
        src_lo, src_hi = max(lo, 0), min(start + shift, self.frames)
        window[:, src_lo - lo:src_hi - lo] = self.feats[:, src_lo:src_hi]
        return window, PRE_ENCODE + new


@torch.no_grad()
def predictor_step(model, token, h, c):
    g, h, c = model.predictor(torch.tensor([[token]], dtype=torch.int32), h, c)
    return g[0, 0], h, c


@torch.no_grad()
def greedy_frames(model, stream, encoded, count):
    """Greedy RNNT over `count` frames of encoded [D, T'] for one stream, continuing its state."""
    if stream.dec is None:
        zeros = torch.zeros(PRED_LAYERS, 1, PRED_HIDDEN)
        stream.dec = predictor_step(model, BLANK, zeros, zeros.clone())
    g, h, c = stream.dec
    for t in range(count):
        f = encoded[:, t]
        emitted = 0
        for _ in range(MAX_SYMBOLS):
            logits = model.joint(f[None, None, :], g[None, None, :])[0, 0, 0]
            top = torch.topk(logits, 2)
            stream.min_margin = min(stream.min_margin, float(top.values[0] - top.values[1]))
            y = int(top.indices[0])
            if y == BLANK:
                break
            stream.tokens.append(y)
            stream.token_frames.append(stream.frame_offset + t)
            emitted += 1
            g, h, c = predictor_step(model, y, h, c)
        stream.max_symbols = max(stream.max_symbols, emitted)
        stream.symbol_counts[emitted] += 1
    stream.dec = (g, h, c)
    stream.frame_offset += count


@torch.no_grad()
def run_streams(model, streams, chunk_ms, max_batch=None):
    """NeMo's loop over several streams at once: every step stacks the caches of the streams that still
    have a chunk (finished ones drop out) along the batch axis and runs one encoder call."""
    shift = chunk_ms // 10
    model.encoder.chunk_frames = chunk_ms // 80
    active = list(streams)
    while active:
        ready = []
        for s in active:
            w = s.next_window(shift)
            if w is not None:
                ready.append((s, w))
        active = [s for s, _ in ready]
        if not ready:
            break
        for lo in range(0, len(ready), max_batch or len(ready)):
            part = ready[lo:lo + (max_batch or len(ready))]
            enc, enc_len, ch, tm, cl = model.encoder(
                torch.stack([w for _, (w, _) in part]),
                torch.tensor([n for _, (_, n) in part], dtype=torch.int64),
                torch.stack([s.cache_channel for s, _ in part]),
                torch.stack([s.cache_time for s, _ in part]),
                torch.tensor([s.cache_len for s, _ in part], dtype=torch.int64),
                torch.tensor([s.prompt for s, _ in part], dtype=torch.int64),
            )
            for b, (s, _) in enumerate(part):
                s.cache_channel, s.cache_time, s.cache_len = ch[b], tm[b], int(cl[b])
                greedy_frames(model, s, enc[b], int(enc_len[b]))
                s.chunk += 1
                s.steps += 1
    return streams


def run_forgetting(model, feats, chunk_ms, which):
    """The loop with one cache reset before every chunk: what a runner that drops it would produce."""
    shift = chunk_ms // 10
    model.encoder.chunk_frames = chunk_ms // 80
    s = Stream(feats, AUTO_PROMPT)
    with torch.no_grad():
        while True:
            w = s.next_window(shift)
            if w is None:
                break
            if which == "channel":
                s.cache_channel, s.cache_len = torch.zeros_like(s.cache_channel), 0
            else:
                s.cache_time = torch.zeros_like(s.cache_time)
            enc, enc_len, ch, tm, cl = model.encoder(
                w[0][None], torch.tensor([w[1]]), s.cache_channel[None], s.cache_time[None],
                torch.tensor([s.cache_len]), torch.tensor([AUTO_PROMPT]))
            s.cache_channel, s.cache_time, s.cache_len = ch[0], tm[0], int(cl[0])
            greedy_frames(model, s, enc[0], int(enc_len[0]))
            s.chunk += 1
    return s.tokens


def sherpa_windows_tokens(model, feats, chunk_ms, prompt):
    """sherpa-onnx's schedule, for comparison only: window k = frames [k*S, k*S + W) with no zero prefix,
    only whole windows (the tail is never decoded without extra padding)."""
    shift = chunk_ms // 10
    width = shift + PRE_ENCODE
    s = Stream(feats, prompt)
    model.encoder.chunk_frames = chunk_ms // 80
    k = 0
    with torch.no_grad():
        while k * shift + width < feats.shape[1]:
            window = feats[:, k * shift:k * shift + width]
            enc, enc_len, ch, tm, cl = model.encoder(
                window[None], torch.tensor([width]), s.cache_channel[None], s.cache_time[None],
                torch.tensor([s.cache_len]), torch.tensor([prompt]))
            s.cache_channel, s.cache_time, s.cache_len = ch[0], tm[0], int(cl[0])
            greedy_frames(model, s, enc[0], int(enc_len[0]))
            k += 1
    return s.tokens


# ------------------------------------------------------------------------------------------ export


class DecoderExport(nn.Module):
    """NeMo's RNNTDecoder export: (targets, target_length, h, c) -> (outputs [B, H, U], lengths, h, c)."""

    def __init__(self, predictor):
        super().__init__()
        self.predictor = predictor

    def forward(self, targets, target_length, h, c):
        g, h2, c2 = self.predictor(targets, h, c)
        return g.transpose(1, 2), target_length, h2, c2


class JointExport(nn.Module):
    """NeMo's RNNTJoint export: encoder_outputs [B, D, T], decoder_outputs [B, H, U] -> [B, T, U, V+1]."""

    def __init__(self, joint):
        super().__init__()
        self.joint = joint

    def forward(self, encoder_outputs, decoder_outputs):
        return self.joint(encoder_outputs.transpose(1, 2), decoder_outputs.transpose(1, 2))


DECODER_INPUTS = ["targets", "target_length", "states.1", "onnx::Slice_3"]
DECODER_OUTPUTS = ["outputs", "prednet_lengths", "states", "162"]


def export_decoder(model, path, batched_c):
    axes = {
        "targets": {0: "targets_dynamic_axes_1", 1: "targets_dynamic_axes_2"},
        "target_length": {0: "target_length_dynamic_axes_1"},
        "states.1": {1: "states.1_dim_1"},
        "outputs": {0: "targets_dynamic_axes_1", 2: "targets_dynamic_axes_2"},
        "prednet_lengths": {0: "target_length_dynamic_axes_1"},
        "states": {1: "states_dynamic_axes_1"},
        "162": {1: "Concat162_dim_1"},
    }
    if batched_c:
        axes["onnx::Slice_3"] = {1: "states.2_dim_1"}
    zeros = torch.zeros(PRED_LAYERS, 1, PRED_HIDDEN)
    export(DecoderExport(model.predictor), (torch.full((1, 1), BLANK, dtype=torch.int32),
                                            torch.ones(1, dtype=torch.int32), zeros, zeros.clone()),
           path, DECODER_INPUTS, DECODER_OUTPUTS, axes)


def export_encoder(model, folder, chunk_ms):
    os.makedirs(folder, exist_ok=True)
    shift = chunk_ms // 10
    width = shift + PRE_ENCODE
    model.encoder.chunk_frames = chunk_ms // 80
    export(
        model.encoder,
        (torch.zeros(1, N_MELS, width), torch.full((1,), width, dtype=torch.int64),
         torch.zeros(1, N_LAYERS, LEFT_CONTEXT, D_MODEL), torch.zeros(1, N_LAYERS, D_MODEL, TIME_CACHE),
         torch.zeros(1, dtype=torch.int64), torch.full((1,), AUTO_PROMPT, dtype=torch.int64)),
        os.path.join(folder, "encoder.onnx"),
        ["audio_signal", "length", "cache_last_channel", "cache_last_time", "cache_last_channel_len", "prompt_index"],
        ["outputs", "encoded_lengths", "cache_last_channel_next", "cache_last_time_next", "cache_last_channel_next_len"],
        {
            "audio_signal": {0: "batch", 2: "time"},
            "length": {0: "batch"},
            "cache_last_channel": {0: "batch", 2: "cache_channel_time"},
            "cache_last_time": {0: "batch", 3: "cache_time_width"},
            "cache_last_channel_len": {0: "batch"},
            "prompt_index": {0: "batch"},
            "outputs": {0: "batch", 2: "time"},
            "encoded_lengths": {0: "batch"},
            "cache_last_channel_next": {0: "batch", 2: "cache_channel_time"},
            "cache_last_time_next": {0: "batch", 3: "cache_time_width"},
            "cache_last_channel_next_len": {0: "batch"},
        },
    )
    # The keys and formats sherpa-onnx's nemotron export writes (vocab_size excludes blank).
    set_metadata(os.path.join(folder, "encoder.onnx"), {
        "vocab_size": V,
        "window_size": width,
        "chunk_size_ms": chunk_ms,
        "chunk_shift": shift,
        "normalize_type": "",
        "cache_last_channel_dim1": N_LAYERS,
        "cache_last_channel_dim2": LEFT_CONTEXT,
        "cache_last_channel_dim3": D_MODEL,
        "cache_last_time_dim1": N_LAYERS,
        "cache_last_time_dim2": D_MODEL,
        "cache_last_time_dim3": TIME_CACHE,
        "pred_rnn_layers": PRED_LAYERS,
        "pred_hidden": PRED_HIDDEN,
        "subsampling_factor": SUBSAMPLING,
        "feat_dim": N_MELS,
        "model_type": "EncDecRNNTBPEModelWithPrompt",
        "version": "1",
        "model_author": "gigarouter test fixture",
        "url": "scripts/python/nemotron_build_fixtures.py",
        "comment": "Tiny random same-contract model for parity tests; not a speech recognizer",
        "prompt_dictionary": json.dumps(PROMPTS, sort_keys=True),
        "auto_prompt_id": AUTO_PROMPT,
    })


def export_shared(model, folder):
    """decoder.onnx, joiner.onnx and tokens.txt: the same in every published chunk package, so the fixture
    keeps one copy beside the chunk folders (the runner accepts both arrangements)."""
    export_decoder(model, os.path.join(folder, "decoder.onnx"), batched_c=False)
    zeros_f = torch.zeros(1, D_MODEL, 1)
    zeros_g = torch.zeros(1, PRED_HIDDEN, 1)
    export(JointExport(model.joint), (zeros_f, zeros_g), os.path.join(folder, "joiner.onnx"),
           ["encoder_outputs", "decoder_outputs"], ["outputs"],
           {"encoder_outputs": {0: "encoder_outputs_dynamic_axes_1", 2: "encoder_outputs_dynamic_axes_2"},
            "decoder_outputs": {0: "decoder_outputs_dynamic_axes_1", 2: "decoder_outputs_dynamic_axes_2"},
            "outputs": {0: "Addoutputs_dim_0", 1: "Addoutputs_dim_1", 2: "Addoutputs_dim_2"}})
    with open(os.path.join(folder, "tokens.txt"), "w", encoding="utf-8") as f:
        for i, piece in enumerate(VOCAB):
            f.write(f"{piece} {i}\n")
        f.write(f"<blk> {BLANK}\n")


# ------------------------------------------------------------------------------------------- cases

# (file under ../shared/fixtures/audio, whether its features are saved for the feature-level tests,
# the language prompts it is decoded with)
AUDIO = [
    ("librivox-sense-and-sensibility/sense_and_sensibility_01_austen_64kb-0880.wav", True, ["auto", "en-US", "de-DE"]),
    ("beckett.wav", True, ["auto", "en-US", "de-DE"]),
    ("librivox-sense-and-sensibility/sense_and_sensibility_01_austen_64kb-0890.wav", False, ["auto", "en-US", "de-DE"]),
    ("two_cities_16k.wav", False, ["auto"]),  # 44 s: the caches wrap around many times
]
# Several streams of different lengths and prompts in one batch, started together.
BATCH_CASE = [(0, "auto"), (1, "de-DE"), (2, "en-US"), (0, "fr-CA")]


def text_of(tokens):
    """Reference detokenisation: language tags dropped, pieces joined, ▁ -> space."""
    pieces = [VOCAB[t] for t in tokens if t not in TAG_IDS]
    return " ".join("".join(pieces).replace("\u2581", " ").split())


def result_of(s, chunk_ms, language):
    return {
        "chunkMs": chunk_ms,
        "language": language,
        "promptIndex": PROMPTS[language],
        "tokens": s.tokens,
        "tokenFrames": s.token_frames,
        "text": text_of(s.tokens),
        "steps": s.steps,
        "minMargin": round(s.min_margin, 6),
        "maxSymbolsInAFrame": s.max_symbols,
        "framesBySymbolCount": s.symbol_counts,  # [frames emitting 0 symbols, 1, ..., 10]
    }


def build_cases(model, feats):
    cases = []
    for index, (_, _, languages) in enumerate(AUDIO):
        for chunk_ms in CHUNKS_MS:
            for language in languages:
                s = run_streams(model, [Stream(feats[index], PROMPTS[language])], chunk_ms)[0]
                cases.append({"audio": index, **result_of(s, chunk_ms, language)})
    return cases


def build_batches(model, feats):
    out = []
    for chunk_ms in CHUNKS_MS:
        streams = [Stream(feats[i], PROMPTS[lang]) for i, lang in BATCH_CASE]
        run_streams(model, streams, chunk_ms, max_batch=3)
        out.append({
            "chunkMs": chunk_ms,
            "maxBatch": 3,
            "streams": [{"audio": i, **result_of(s, chunk_ms, lang)} for (i, lang), s in zip(BATCH_CASE, streams)],
        })
    return out


def sanity(model, feats, cases, batches):
    problems = []
    for c in cases:
        name = f"{AUDIO[c['audio']][0]} {c['chunkMs']}ms {c['language']}"
        if c["minMargin"] < MIN_MARGIN:
            problems.append(f"{name}: argmax margin {c['minMargin']:.2e}")
        words = [t for t in c["tokens"] if t in TEXT_IDS]
        if len(words) < 8:
            problems.append(f"{name}: only {len(words)} text tokens")
        tags = [t for t in c["tokens"] if t in TAG_IDS]
        if c["language"] == "auto" and tags:
            problems.append(f"{name}: a language tag under auto")
        if c["language"] != "auto" and tags != [TAG_IDS[LOCALES.index(c["language"])]]:
            problems.append(f"{name}: expected exactly one <{c['language']}> tag, got {[VOCAB[t] for t in tags]}")
        frames = feats[c["audio"]].shape[1] // SUBSAMPLING
        if len(set(c["tokenFrames"])) > 0.9 * frames:
            problems.append(f"{name}: emits on almost every frame")  # (then blank is never tested)
    if not any(sum(c["framesBySymbolCount"][2:MAX_SYMBOLS]) > 0 for c in cases):
        problems.append("no frame emits between 2 and 9 symbols")
    if not any(c["maxSymbolsInAFrame"] == MAX_SYMBOLS for c in cases):
        problems.append("no frame reaches the 10-symbol cap")
    single = {(c["audio"], c["chunkMs"], c["language"]): c["tokens"] for c in cases}
    for b in batches:
        for s in b["streams"]:
            key = (s["audio"], s["chunkMs"], s["language"])
            if key in single and single[key] != s["tokens"]:
                problems.append(f"batched != single for {key}")
            if s["minMargin"] < MIN_MARGIN:
                problems.append(f"batch {key}: argmax margin {s['minMargin']:.2e}")
    for index in range(len(AUDIO)):
        by_lang = {}
        by_chunk = {}
        for c in cases:
            if c["audio"] == index:
                by_lang.setdefault(c["chunkMs"], []).append(tuple(t for t in c["tokens"] if t not in TAG_IDS))
                by_chunk.setdefault(c["language"], []).append(tuple(c["tokens"]))
        for chunk_ms, outs in by_lang.items():
            if len(set(outs)) < len(outs):
                problems.append(f"audio {index} {chunk_ms}ms: two prompts give the same text tokens")
        for lang, outs in by_chunk.items():
            if len(set(outs)) < 2:
                problems.append(f"audio {index} {lang}: every chunk size gives the same tokens")
    # A runner that loses either cache between chunks must fail the parity tests.
    for chunk_ms in CHUNKS_MS:
        expected = single[(1, chunk_ms, "auto")]
        for forget in ("channel", "time"):
            if run_forgetting(model, feats[1], chunk_ms, forget) == expected:
                problems.append(f"forgetting cache_last_{forget} gives the same tokens at {chunk_ms}ms")
    # The runner must follow NeMo's windows, not sherpa-onnx's; the fixture has to tell them apart.
    for c in cases:
        if c["audio"] == 0 and c["language"] == "auto":
            if sherpa_windows_tokens(model, feats[0], c["chunkMs"], AUTO_PROMPT) == c["tokens"]:
                problems.append(f"sherpa-onnx windows give NeMo's tokens at {c['chunkMs']}ms")
    return problems


@torch.no_grad()
def probe(model, feats):
    """Numbers for a closeness check: the first 560 ms chunk of audio 0 under auto."""
    s = Stream(feats[0], AUTO_PROMPT)
    window, length = s.next_window(56)
    model.encoder.chunk_frames = 7
    enc, enc_len, _, _, cl = model.encoder(
        window[None], torch.tensor([length]), s.cache_channel[None], s.cache_time[None],
        torch.tensor([0]), torch.tensor([AUTO_PROMPT]))
    return {
        "chunkMs": 560,
        "encodedLength": int(enc_len[0]),
        "cacheLengthNext": int(cl[0]),
        "firstFrame": [round(float(v), 5) for v in enc[0, :, 0]],
    }


def describe(cases):
    for c in cases:
        hist = c["maxSymbolsInAFrame"]
        print(f"  {c['audio']} {c['chunkMs']:5d}ms {c['language']:6s} n={len(c['tokens']):4d} max/frame={hist:2d} "
              f"m={c['minMargin']:.3f} {c['text'][:70]}")


def build(out, seed, verbose):
    torch.manual_seed(seed)
    model = TinyNemotron()
    model.eval()
    wire_by_hand(model)
    audio = []
    feats = []
    for rel, _, _ in AUDIO:
        path = os.path.join(SHARED_AUDIO, rel)
        if not os.path.exists(path):
            raise SystemExit(f"{path} is missing: the references need ../shared/fixtures/audio")
        samples = read_pcm16(path)
        audio.append({"file": rel, "sha256": digest(path), "samples": len(samples)})
        feats.append(torch.from_numpy(nemo_log_mel(samples, "none", torch.float64)))
    cases = build_cases(model, feats)
    batches = build_batches(model, feats)
    if verbose:
        describe(cases)
    problems = sanity(model, feats, cases, batches)
    if verbose:
        worst = min(c["minMargin"] for c in cases + [x for b in batches for x in b["streams"]])
        print(f"smallest argmax margin: {worst:.2e}")
    if problems:
        return problems
    model_dir = os.path.join(out, "model")
    for chunk_ms in CHUNKS_MS:
        export_encoder(model, os.path.join(model_dir, f"{chunk_ms}ms"), chunk_ms)
    export_shared(model, model_dir)
    export_decoder(model, os.path.join(out, "decoder-batched.onnx"), batched_c=True)
    saved = []
    offset = 0
    with open(os.path.join(out, "features.f32"), "wb") as f:
        for index, (_, keep, _) in enumerate(AUDIO):
            if keep:
                data = feats[index].numpy().astype("<f4")
                f.write(data.tobytes())
                saved.append({"audio": index, "frames": int(data.shape[1]), "offset": offset})
                offset += data.size
    for index, a in enumerate(audio):
        a["frames"] = int(feats[index].shape[1])
    references = {
        "about": "Written by scripts/python/nemotron_build_fixtures.py; do not edit by hand.",
        "seed": seed,
        "model": {
            "vocabSize": V,
            "blank": BLANK,
            "melBins": N_MELS,
            "subsampling": SUBSAMPLING,
            "preEncodeFrames": PRE_ENCODE,
            "layers": N_LAYERS,
            "dModel": D_MODEL,
            "leftContext": LEFT_CONTEXT,
            "timeCache": TIME_CACHE,
            "predHidden": PRED_HIDDEN,
            "predLayers": PRED_LAYERS,
            "maxSymbols": MAX_SYMBOLS,
            "autoPrompt": AUTO_PROMPT,
            "chunks": {str(ms): {"window": ms // 10 + PRE_ENCODE, "shift": ms // 10} for ms in CHUNKS_MS},
            "languageTags": {loc: TAG_IDS[i] for i, loc in enumerate(LOCALES)},
        },
        "audio": audio,
        "features": {
            "file": "features.f32",
            "layout": "[128, frames] row-major float32 little-endian per saved item, back to back",
            "items": saved,
        },
        "cases": cases,
        "batches": batches,
        "probe": probe(model, feats),
    }
    with open(os.path.join(out, "references.json"), "w", encoding="utf-8") as f:
        json.dump(references, f, indent=1, sort_keys=True)
        f.write("\n")
    return []


if __name__ == "__main__":
    sys.exit(fixture_cli(__doc__, DEFAULT_OUT, "nemotron-fixtures-", {"--seed": 20260611}, build))
