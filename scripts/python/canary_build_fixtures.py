#!/usr/bin/python3
"""Build the Canary (AED) parity fixtures: one tiny model, exported in both published ONNX layouts.

canary-1b-flash cannot be brought onto these machines, so the engine's Canary runner is proven against a
*tiny* model that has exactly the real contract (tensor names, shapes, dtypes, special tokens, hidden-state
decoder cache, prompt, metadata) but random, seeded weights. This script:

  1. builds that model in PyTorch (a NeMo-style pre-LN transformer decoder whose cache holds every layer's
     input states, plus a small encoder that subsamples time by 8),
  2. exports it twice with opset 17:
       onnx-asr layout:  encoder-model.onnx, decoder-model.onnx, vocab.txt, config.json
       sherpa layout:    encoder.onnx (+ metadata), decoder.onnx, tokens.txt
  3. runs a PyTorch batched greedy loop (prompt, cache, per-item EOS, max length) on fixed random features
     and records the token sequences for every prompt variant, single items and a batch of items of
     different lengths, for both position policies (see POSITION POLICIES below),
  4. writes inference/models/canary/fixtures/{onnx-asr,sherpa}/, features.f32 and references.json.

POSITION POLICIES. NeMo's greedy loop feeds the 9-token prompt at positions 0-8 and then each new token at
position 1, 2, 3, ... (the loop index). sherpa-onnx's decoder takes the position as an input, so it follows
NeMo. onnx-asr's decoder graph derives the start position from the cache length (9, 10, 11, ...) and has
no position input, so no runner can make it follow NeMo: its references are recorded with the graph's own
positions. The script checks that the two policies really give different tokens somewhere, so a runner
that mixes them up fails the tests.

The weights are random, but a few dimensions are wired by hand so greedy decoding is not trivially EOS:
a position ramp raises the EOS logit over time, one attention head carries the <|timestamp|> and <|pnc|>
prompt flags to every step, timestamp tokens are preferred when the flag is on (their number grows with the
step), and punctuation only wins when <|pnc|> is on.

Run with Debian's interpreter (python3-torch 1.13, python3-onnx 1.12):
  /usr/bin/python3 scripts/python/canary_build_fixtures.py            # (re)write the committed fixtures
  /usr/bin/python3 scripts/python/canary_build_fixtures.py --check    # rebuild in a temp dir, compare bytes
"""
import json
import math
import os
import sys

import torch
from torch import nn

from fixture_tools import REPO, SHARED_AUDIO, digest, export, fixture_cli, read_pcm16, set_metadata
from frontend_reference import nemo_log_mel  # the project's torch reference of the NeMo front end

DEFAULT_OUT = os.path.join(REPO, "inference", "models", "canary", "fixtures")

N_MELS = 128
SUBSAMPLING = 8
D_MODEL = 32
N_HEADS = 4
FFN = 64
N_DEC_LAYERS = 4  # like canary-1b-flash: 4 decoder layers -> 6 cache entries
N_MEMS = N_DEC_LAYERS + 2  # embeddings, each layer's output, final layer norm
MAX_SEQ = 1024  # decoder max_sequence_length (prompt included), as canary-1b-flash; also the position table
CASE_MAX_NEW = 39  # most cases cap generation here (the runner's maxNewTokens), so the guard is exercised
NEG = -10000.0  # NeMo's additive attention mask value
N_TIMESTAMPS = 64
PROMPT_LEN = 9
# Smallest allowed gap between the best and second-best logit at any greedy step: far above the ~1e-5
# by which onnxruntime and PyTorch differ, so every recorded argmax is unambiguous.
MIN_MARGIN = 3e-4

# Reserved residual-stream dimensions (the hand-wired part of the model).
R_CONST, R_WORD, R_TS, R_TSMODE, R_RAMP, R_PNC, R_PUNCT, R_LANG = range(8)

SPECIAL_TOKENS = [
    "<unk>",
    "<|nospeech|>",
    "<pad>",
    "<|endoftext|>",
    "<|startoftranscript|>",
    "<|pnc|>",
    "<|nopnc|>",
    "<|startofcontext|>",
    "<|itn|>",
    "<|noitn|>",
    "<|timestamp|>",
    "<|notimestamp|>",
    "<|diarize|>",
    "<|nodiarize|>",
    "<|spkchange|>",
    "<|audioseparator|>",
    "<|emo:undefined|>",
    "<|emo:neutral|>",
    "<|emo:happy|>",
    "<|emo:sad|>",
    "<|emo:angry|>",
]
# canary-1b-flash speaks en/de/fr/es; the extra language tokens exist in the shared special vocabulary of
# the Canary family, so the runner must refuse them by policy, not because they are missing.
LANGUAGES = ["en", "de", "fr", "es", "it", "pt", "nl", "pl"]
PUNCTUATION = [".", ",", "?", "!"]
WORDS = (
    "the and of to a in is it you that he was for on are with as his they be at one have this from "
    "or had by hot word but what some we can out other were all there when up use your how said an each "
    "der die und das ist nicht ein zu mit sich auf le la et les des est pas une que qui el los del se "
    "por con para como hello world time year people way day man thing woman life child"
).split()
SUBWORDS = ["s", "ing", "ed", "er", "en", "es", "ly", "t", "e", "n", "a", "o", "r", "i"]


def build_vocab():
    pieces = list(SPECIAL_TOKENS)
    pieces += [f"<|{lang}|>" for lang in LANGUAGES]
    pieces += [f"<|{i}|>" for i in range(N_TIMESTAMPS)]
    pieces += ["\u2581"]
    pieces += PUNCTUATION
    pieces += ["\u2581" + w for w in WORDS]
    pieces += SUBWORDS
    assert len(set(pieces)) == len(pieces)
    return pieces


VOCAB = build_vocab()
V = len(VOCAB)
ID = {p: i for i, p in enumerate(VOCAB)}
EOS, PAD = ID["<|endoftext|>"], ID["<pad>"]
TS_IDS = [ID[f"<|{i}|>"] for i in range(N_TIMESTAMPS)]
PUNCT_IDS = [ID[p] for p in PUNCTUATION]
WORD_IDS = [i for i, p in enumerate(VOCAB) if not p.startswith("<")]


def lengths_after_subsampling(lengths):
    # Three stride-2 convolutions (kernel 3, padding 1): n -> floor((n - 1) / 2) + 1, like NeMo's calc_length.
    for _ in range(3):
        lengths = torch.div(lengths - 1, 2, rounding_mode="floor") + 1
    return lengths


def time_mask(lengths, size):
    return torch.arange(size, device=lengths.device)[None, :] < lengths[:, None]


class Attention(nn.Module):
    def __init__(self):
        super().__init__()
        self.q = nn.Linear(D_MODEL, D_MODEL)
        self.k = nn.Linear(D_MODEL, D_MODEL)
        self.v = nn.Linear(D_MODEL, D_MODEL)
        self.o = nn.Linear(D_MODEL, D_MODEL)

    def forward(self, query, keys, additive_mask):
        b, lq, _ = query.shape
        lk = keys.shape[1]
        hd = D_MODEL // N_HEADS
        q = self.q(query).view(b, lq, N_HEADS, hd).transpose(1, 2)
        k = self.k(keys).view(b, lk, N_HEADS, hd).transpose(1, 2)
        v = self.v(keys).view(b, lk, N_HEADS, hd).transpose(1, 2)
        scores = torch.matmul(q, k.transpose(2, 3)) / math.sqrt(hd) + additive_mask
        ctx = torch.matmul(torch.softmax(scores, dim=-1), v)
        return self.o(ctx.transpose(1, 2).reshape(b, lq, D_MODEL))


class FeedForward(nn.Module):
    def __init__(self):
        super().__init__()
        self.inner = nn.Linear(D_MODEL, FFN)
        self.outer = nn.Linear(FFN, D_MODEL)

    def forward(self, x):
        return self.outer(torch.relu(self.inner(x)))


class Encoder(nn.Module):
    """[B, 128, T] log-mel + lengths -> [B, T', D] states + T' lengths (T' = T subsampled by 8)."""

    def __init__(self):
        super().__init__()
        self.convs = nn.ModuleList(
            [nn.Conv1d(N_MELS, D_MODEL, 3, stride=2, padding=1)]
            + [nn.Conv1d(D_MODEL, D_MODEL, 3, stride=2, padding=1) for _ in range(2)]
        )
        self.norm_attn = nn.LayerNorm(D_MODEL)
        self.attn = Attention()
        self.norm_ff = nn.LayerNorm(D_MODEL)
        self.ff = FeedForward()
        self.proj = nn.Linear(D_MODEL, D_MODEL)  # NeMo's encoder_decoder_proj

    def forward(self, features, lengths):
        # Like NeMo's encoder, the input is not masked: it relies on zeros past each item's length (which
        # is what the preprocessor writes), so a runner that pads with anything else gets other tokens.
        x = features
        lens = lengths
        for conv in self.convs:
            x = torch.relu(conv(x))
            lens = torch.div(lens - 1, 2, rounding_mode="floor") + 1
            # Zero the padded frames after every stage, so a batch of different lengths gives each item
            # exactly what it gets alone.
            x = x * time_mask(lens, x.shape[2])[:, None, :].to(x.dtype)
        x = x.transpose(1, 2)
        valid = time_mask(lens, x.shape[1])
        key_mask = (1.0 - valid.to(x.dtype))[:, None, None, :] * NEG
        h = self.norm_attn(x)
        x = x + self.attn(h, h, key_mask)
        x = x + self.ff(self.norm_ff(x))
        return self.proj(x) * 2.0, lens


def positional_table():
    pos = torch.arange(MAX_SEQ, dtype=torch.float32)[:, None]
    div = torch.exp(torch.arange(0, D_MODEL, 2, dtype=torch.float32) * (-math.log(10000.0) / D_MODEL))
    table = torch.zeros(MAX_SEQ, D_MODEL)
    table[:, 0::2] = torch.sin(pos * div)
    table[:, 1::2] = torch.cos(pos * div)
    table[:, :8] = 0.0
    table[:, R_RAMP] = pos[:, 0] / 8.0
    return table


class DecoderLayer(nn.Module):
    """NeMo's pre-LN TransformerDecoderBlock: keys/values of self-attention are the cached *inputs*."""

    def __init__(self):
        super().__init__()
        self.norm1 = nn.LayerNorm(D_MODEL)
        self.self_attn = Attention()
        self.norm2 = nn.LayerNorm(D_MODEL)
        self.cross_attn = Attention()
        self.norm3 = nn.LayerNorm(D_MODEL)
        self.ff = FeedForward()

    def forward(self, x, memory, self_mask, enc, enc_mask):
        h = x + self.self_attn(self.norm1(x), self.norm1(memory), self_mask)
        h = h + self.cross_attn(self.norm2(h), enc, enc_mask)
        return h + self.ff(self.norm3(h))


class Decoder(nn.Module):
    def __init__(self):
        super().__init__()
        self.token_embedding = nn.Embedding(V, D_MODEL)
        self.register_buffer("positions", positional_table())
        self.embedding_norm = nn.LayerNorm(D_MODEL)
        self.layers = nn.ModuleList([DecoderLayer() for _ in range(N_DEC_LAYERS)])
        self.final_norm = nn.LayerNorm(D_MODEL)
        self.classifier = nn.Linear(D_MODEL, V)

    def forward(self, input_ids, start_pos, enc, enc_valid, mems):
        """One decoder call.

        input_ids [B, L]; start_pos: 0-d int64 tensor (position of input_ids[:, 0]); enc [B, T, D];
        enc_valid [B, T] bool; mems: list of N_MEMS tensors [B, M, D] (M may be 0).
        Returns raw logits of the last position [B, 1, V] and the new cache (each [B, M + L, D]).
        """
        length = input_ids.shape[1]
        cached = mems[0].shape[1]
        position_ids = start_pos + torch.arange(length, dtype=torch.int64)
        x = self.token_embedding(input_ids) + self.positions[position_ids][None, :, :]
        x = self.embedding_norm(x)
        # Query i sits at cache index cached + i and may see keys 0 .. cached + i.
        query_index = torch.arange(length, dtype=torch.int64) + cached
        key_index = torch.arange(cached + length, dtype=torch.int64)
        allowed = key_index[None, :] <= query_index[:, None]
        self_mask = ((1.0 - allowed.to(torch.float32)) * NEG)[None, None, :, :]
        enc_mask = ((1.0 - enc_valid.to(torch.float32)) * NEG)[:, None, None, :]
        new_mems = []
        memory = torch.cat([mems[0], x], dim=1)
        new_mems.append(memory)
        for i, layer in enumerate(self.layers):
            x = layer(x, memory, self_mask, enc, enc_mask)
            memory = torch.cat([mems[i + 1], x], dim=1)
            new_mems.append(memory)
        x = self.final_norm(x)
        new_mems.append(torch.cat([mems[N_DEC_LAYERS + 1], x], dim=1))
        logits = self.classifier(new_mems[-1][:, -1:, :])
        return logits, new_mems


class TinyCanary(nn.Module):
    def __init__(self):
        super().__init__()
        self.encoder = Encoder()
        self.decoder = Decoder()


WIRING = {
    # Found by a small random search over these knobs that scored: timestamps only (and always) when asked,
    # punctuation only with <|pnc|>, most outputs ending in EOS between 20 and 39 tokens, few duplicates.
    "flag_query": 4.24,  # flag heads: query read from R_CONST
    "flag_key": 2.9,  # flag heads: key read from the prompt flag
    "flag_value": 1.0,
    "flag_out": 1.89,  # how loudly a flag is written into the residual stream
    "language_out": 1.03,  # language head: output gain
    "language_gain": 4.22,  # language tokens' embeddings are louder than the rest
    "classifier_gain": 4.65,
    "cross_gain": 3.08,  # louder cross-attention, so the audio steers the words
    "anti_repeat": 0.33,  # classifier rows lean away from the current token's own embedding
    "eos_ramp": 6.18,
    "eos_bias": -9.57,
    "ts_mode": 7.02,
    "ts_after_word": 1.97,
    "ts_after_ts": -2.5,
    "ts_ramp": 0.05,
    "ts_bias": -8.17,
    "ts_curve": 0.00125,
    "ts_noise": 0.1,
    "punct_mode": 2.0,
    "punct_after_punct": -3.0,
    "punct_bias": -2.95,
}


def wire_by_hand(model, k=WIRING):
    """Overwrite a few weights so greedy decoding has structure (see the module docstring)."""
    dec = model.decoder
    hd = D_MODEL // N_HEADS
    with torch.no_grad():
        emb = dec.token_embedding.weight
        emb[:, :8] = 0.0
        emb[:, R_CONST] = 1.0
        emb[WORD_IDS, R_WORD] = 1.5
        emb[TS_IDS, R_TS] = 1.5
        emb[ID["<|timestamp|>"], R_TSMODE] = 3.0
        emb[ID["<|pnc|>"], R_PNC] = 3.0
        emb[PUNCT_IDS, R_PUNCT] = 1.5
        for lang in LANGUAGES:
            emb[ID[f"<|{lang}|>"], R_LANG] = 3.0
            emb[ID[f"<|{lang}|>"], 8:] *= k["language_gain"]

        # Heads 0 and 1 of the first layer's self-attention: every query (R_CONST) looks for one prompt
        # flag and copies it into the residual stream, so the flag reaches every later step via the cache.
        attn = dec.layers[0].self_attn
        for w in (attn.q.weight, attn.k.weight, attn.v.weight):
            w[: 2 * hd, :] = 0.0
        for b in (attn.q.bias, attn.k.bias, attn.v.bias):
            b[: 2 * hd] = 0.0
        attn.o.weight[:, : 2 * hd] = 0.0
        attn.o.weight[:8, :] = 0.0
        attn.o.bias[:8] = 0.0
        for head, flag in ((0, R_TSMODE), (1, R_PNC)):
            row = head * hd
            attn.q.weight[row, R_CONST] = k["flag_query"]
            attn.k.weight[row, flag] = k["flag_key"]
            attn.v.weight[row, flag] = k["flag_value"]
            attn.o.weight[flag, row] = k["flag_out"]
        # Head 2 looks for the two language tokens (its first query/key dimension only; the rest stays
        # random, which tells source from target) and copies their random content.
        row = 2 * hd
        attn.q.weight[row, :] = 0.0
        attn.k.weight[row, :] = 0.0
        attn.q.bias[row] = 0.0
        attn.k.bias[row] = 0.0
        attn.q.weight[row, R_CONST] = k["flag_query"]
        attn.k.weight[row, R_LANG] = k["flag_key"]
        attn.o.weight[8:, row : row + hd] *= k["language_out"]

        # Keep the other sublayers off the reserved dimensions so the flags survive to the classifier.
        for layer in dec.layers:
            layer.cross_attn.o.weight *= k["cross_gain"]
            for lin in (layer.cross_attn.o, layer.ff.outer):
                lin.weight[:8, :] = 0.0
                lin.bias[:8] = 0.0
            if layer is not dec.layers[0]:
                layer.self_attn.o.weight[:8, :] = 0.0
                layer.self_attn.o.bias[:8] = 0.0
        for norm in [dec.embedding_norm, dec.final_norm]:
            norm.weight[:8] = 1.0
            norm.bias[:8] = 0.0

        cls_w, cls_b = dec.classifier.weight, dec.classifier.bias
        cls_w *= k["classifier_gain"]
        cls_w -= k["anti_repeat"] * emb
        cls_w[:, :8] = 0.0
        # EOS grows with the step.
        cls_w[EOS, R_RAMP] = k["eos_ramp"]
        cls_b[EOS] = k["eos_bias"]
        # Timestamps: only with the flag, mostly right after a word; the preferred number grows with the
        # step (a parabola in the number whose vertex moves with the ramp).
        cls_w[TS_IDS] *= k["ts_noise"]
        for n, tid in enumerate(TS_IDS):
            cls_w[tid, R_TSMODE] = k["ts_mode"]
            cls_w[tid, R_WORD] = k["ts_after_word"]
            cls_w[tid, R_TS] = k["ts_after_ts"]
            cls_w[tid, R_RAMP] = k["ts_ramp"] * n
            cls_b[tid] = k["ts_bias"] - k["ts_curve"] * n * n
        # Punctuation: only with <|pnc|>, rarely twice in a row.
        for pid in PUNCT_IDS:
            cls_w[pid, R_PNC] = k["punct_mode"]
            cls_w[pid, R_PUNCT] = k["punct_after_punct"]
            cls_b[pid] = k["punct_bias"]
        # Tokens a transcript never contains.
        for i, piece in enumerate(VOCAB):
            if piece.startswith("<") and i not in TS_IDS and i != EOS:
                cls_b[i] = -30.0


# ---------------------------------------------------------------- reference greedy decoding (NeMo's loop)


def prompt_ids(source, target, pnc, timestamps):
    return [
        ID["<|startofcontext|>"],
        ID["<|startoftranscript|>"],
        ID["<|emo:undefined|>"],
        ID[f"<|{source}|>"],
        ID[f"<|{target}|>"],
        ID["<|pnc|>" if pnc else "<|nopnc|>"],
        ID["<|noitn|>"],
        ID["<|timestamp|>" if timestamps else "<|notimestamp|>"],
        ID["<|nodiarize|>"],
    ]


@torch.no_grad()
def greedy(model, features, lengths, prompts, policy, limits):
    """Batched greedy decoding. policy "nemo": prompt at 0-8, then token t at position t (1, 2, ...);
    "cache-length": each call starts at the cache length (what onnx-asr's decoder graph does).
    limits: tokens produced per item at most, EOS included (NeMo's max_sequence_length - prompt length,
    or less)."""
    enc, enc_len = model.encoder(features, lengths)
    valid = time_mask(enc_len, enc.shape[1])
    batch = features.shape[0]
    tgt = torch.tensor(prompts, dtype=torch.int64)
    mems = [torch.zeros(batch, 0, D_MODEL) for _ in range(N_MEMS)]
    finished = torch.zeros(batch, dtype=torch.bool)
    ended = [False] * batch
    produced = [[] for _ in range(batch)]
    margins = [math.inf] * batch
    for step in range(MAX_SEQ - PROMPT_LEN):
        ids = tgt if step == 0 else tgt[:, -1:]
        start = 0 if step == 0 else (step if policy == "nemo" else mems[0].shape[1])
        logits, mems = model.decoder(ids, torch.tensor(start, dtype=torch.int64), enc, valid, mems)
        row = logits[:, -1, :]
        top2 = torch.topk(row, 2, dim=-1).values
        nxt = torch.argmax(row, dim=-1)
        for b in range(batch):
            if finished[b]:
                continue
            margins[b] = min(margins[b], float(top2[b, 0] - top2[b, 1]))
            token = int(nxt[b])
            if token == EOS:
                ended[b] = True
                finished[b] = True
            else:
                produced[b].append(token)
                if step + 1 >= limits[b]:
                    finished[b] = True
        # Finished items are fed <pad> from here on, as NeMo does; their outputs are no longer read.
        nxt = torch.where(finished, torch.full_like(nxt, PAD), nxt)
        tgt = torch.cat([tgt, nxt[:, None]], dim=1)
        if bool(finished.all()):
            break
    return [
        {"tokens": produced[b], "endedWithEos": ended[b], "minMargin": margins[b]} for b in range(batch)
    ]


# ---------------------------------------------------------------- ONNX wrappers (the two published contracts)


class OnnxAsrEncoder(nn.Module):
    def __init__(self, model):
        super().__init__()
        self.encoder = model.encoder

    def forward(self, audio_signal, length):
        enc, enc_len = self.encoder(audio_signal, length)
        return enc, time_mask(enc_len, enc.shape[1]).to(torch.int64)


class OnnxAsrDecoder(nn.Module):
    def __init__(self, model):
        super().__init__()
        self.decoder = model.decoder

    def forward(self, input_ids, encoder_embeddings, encoder_mask, decoder_mems):
        mems = [decoder_mems[i] for i in range(N_MEMS)]
        # The graph's own position rule: start at the cache length (a traced Shape, not a constant).
        start = torch._shape_as_tensor(decoder_mems)[2]
        logits, new_mems = self.decoder(input_ids, start, encoder_embeddings, encoder_mask != 0, mems)
        return torch.log_softmax(logits, dim=-1), torch.stack(new_mems, dim=0)


class SherpaEncoder(nn.Module):
    def __init__(self, model):
        super().__init__()
        self.encoder = model.encoder

    def forward(self, x, x_len):
        enc, enc_len = self.encoder(x.transpose(1, 2), x_len)
        return enc, enc_len, time_mask(enc_len, enc.shape[1])


class SherpaDecoder(nn.Module):
    def __init__(self, model):
        super().__init__()
        self.decoder = model.decoder

    def forward(self, decoder_input_ids, *rest):
        mems = list(rest[:N_MEMS])
        enc_states, enc_mask = rest[N_MEMS], rest[N_MEMS + 1]
        # [token ..., position]: the last column is where the tokens start.
        ids = decoder_input_ids[:, :-1].to(torch.int64)
        start = decoder_input_ids[0, -1].to(torch.int64)
        logits, new_mems = self.decoder(ids, start, enc_states, enc_mask, mems)
        return (logits, *new_mems)


def export_all(model, out):
    onnx_asr = os.path.join(out, "onnx-asr")
    sherpa = os.path.join(out, "sherpa")
    os.makedirs(onnx_asr, exist_ok=True)
    os.makedirs(sherpa, exist_ok=True)
    feats = torch.randn(2, N_MELS, 37)
    lens = torch.tensor([37, 29], dtype=torch.int64)
    enc, enc_len = model.encoder(feats, lens)
    enc_valid = time_mask(enc_len, enc.shape[1])

    export(
        OnnxAsrEncoder(model),
        (feats, lens),
        os.path.join(onnx_asr, "encoder-model.onnx"),
        ["audio_signal", "length"],
        ["encoder_embeddings", "encoder_mask"],
        {
            "audio_signal": {0: "batch", 2: "time"},
            "length": {0: "batch"},
            "encoder_embeddings": {0: "batch", 1: "encoded_len"},
            "encoder_mask": {0: "batch", 1: "encoded_len"},
        },
    )
    # Trace with a non-empty cache and two tokens so no shape is frozen; M = 0 is exercised by the tests.
    mems = torch.randn(N_MEMS, 2, 3, D_MODEL)
    export(
        OnnxAsrDecoder(model),
        (torch.tensor([[7, 4], [7, 4]], dtype=torch.int64), enc, enc_valid.to(torch.int64), mems),
        os.path.join(onnx_asr, "decoder-model.onnx"),
        ["input_ids", "encoder_embeddings", "encoder_mask", "decoder_mems"],
        ["logits", "decoder_hidden_states"],
        {
            "input_ids": {0: "batch", 1: "input_len"},
            "encoder_embeddings": {0: "batch", 1: "encoded_len"},
            "encoder_mask": {0: "batch", 1: "encoded_len"},
            "decoder_mems": {1: "batch", 2: "mems_len"},
            "logits": {0: "batch"},
            "decoder_hidden_states": {1: "batch", 2: "hidden_len"},
        },
    )
    with open(os.path.join(onnx_asr, "vocab.txt"), "w", encoding="utf-8") as f:
        # onnx-asr's exporter appends "<blk>" after the tokenizer's pieces; the decoder never emits it.
        for i, piece in enumerate([*VOCAB, "<blk>"]):
            f.write(f"{piece} {i}\n")
    with open(os.path.join(onnx_asr, "config.json"), "w", encoding="utf-8") as f:
        json.dump(
            {
                "model_type": "nemo-conformer-aed",
                "features_size": N_MELS,
                "subsampling_factor": SUBSAMPLING,
                "max_sequence_length": MAX_SEQ,
            },
            f,
            indent=4,
        )
        f.write("\n")

    export(
        SherpaEncoder(model),
        (feats.transpose(1, 2).contiguous(), lens),
        os.path.join(sherpa, "encoder.onnx"),
        ["x", "x_len"],
        ["enc_states", "enc_len", "enc_mask"],
        {
            "x": {0: "N", 1: "T"},
            "x_len": {0: "N"},
            "enc_states": {0: "N", 1: "T"},
            "enc_len": {0: "N"},
            "enc_mask": {0: "N", 1: "T"},
        },
    )
    set_metadata(
        os.path.join(sherpa, "encoder.onnx"),
        {
            "model_type": "EncDecMultiTaskModel",
            "vocab_size": V,
            "normalize_type": "per_feature",
            "subsampling_factor": SUBSAMPLING,
            "feat_dim": N_MELS,
            # sherpa-onnx reads this as the number of decoder cache tensors it creates (default 6).
            "num_decoder_layers": N_MEMS,
            "decoder_hidden_size": D_MODEL,
            "version": "1",
            "model_author": "gigarouter parity fixture (random weights)",
            "comment": "tiny stand-in with canary-1b-flash's sherpa-onnx contract",
        },
    )
    single_mems = [torch.randn(1, 3, D_MODEL) for _ in range(N_MEMS)]
    mem_names = [f"decoder_mems_list_{i}" for i in range(N_MEMS)]
    next_names = [f"next_decoder_mem_list_{i}" for i in range(N_MEMS)]
    axes = {"decoder_input_ids": {1: "num_tokens"}, "enc_states": {1: "T"}, "enc_mask": {1: "T"}}
    for name in mem_names:
        axes[name] = {1: "num_tokens"}
    for name in next_names:
        axes[name] = {1: "num_tokens_out"}
    export(
        SherpaDecoder(model),
        (torch.tensor([[4, 3]], dtype=torch.int32), *single_mems, enc[:1], enc_valid[:1]),
        os.path.join(sherpa, "decoder.onnx"),
        ["decoder_input_ids", *mem_names, "enc_states", "enc_mask"],
        ["logits", *next_names],
        axes,
    )
    with open(os.path.join(sherpa, "tokens.txt"), "w", encoding="utf-8") as f:
        for i, piece in enumerate(VOCAB):
            f.write(f"{piece} {i}\n")


# ---------------------------------------------------------------- cases and references


ITEM_FRAMES = [83, 140, 211]  # 0.83, 1.40, 2.11 s of 10 ms frames -> 11, 18, 27 encoder frames
VARIANTS = [
    # name, source, target, pnc, timestamps
    ("asr-en", "en", "en", True, False),
    ("asr-de", "de", "de", True, False),
    ("asr-fr", "fr", "fr", True, False),
    ("asr-es", "es", "es", True, False),
    ("asr-en-nopnc", "en", "en", False, False),
    ("asr-de-nopnc", "de", "de", False, False),
    ("asr-en-timestamps", "en", "en", True, True),
    ("asr-es-timestamps-nopnc", "es", "es", False, True),
    ("ast-en-de", "en", "de", True, False),
    ("ast-de-en", "de", "en", True, False),
    ("ast-en-fr-timestamps", "en", "fr", True, True),
    ("ast-es-en-nopnc", "es", "en", False, False),
]
# One batch whose items ask for different things (a dynamic batcher mixes requests), each with its own
# token limit; the last one has none (the model's own max_sequence_length).
MIXED_BATCH = [("asr-en", CASE_MAX_NEW), ("ast-de-en", 20), ("asr-fr-timestamps-nopnc", None)]
EXTRA_VARIANTS = {"asr-fr-timestamps-nopnc": ("fr", "fr", False, True)}
# Cases without a token limit: every item must stop by itself at EOS.
UNLIMITED = ["asr-fr", "asr-de-nopnc", "asr-en-timestamps"]  # asr-fr runs past 39 tokens on item 2


def make_features(seed):
    g = torch.Generator().manual_seed(seed)
    items = []
    for frames in ITEM_FRAMES:
        # Smooth-ish random log-mel after per-feature normalisation: zero mean, unit variance per bin.
        raw = torch.randn(N_MELS, frames, generator=g)
        smooth = raw.clone()
        smooth[:, 1:] += 0.6 * raw[:, :-1]
        smooth = (smooth - smooth.mean(dim=1, keepdim=True)) / (smooth.std(dim=1, keepdim=True) + 1e-5)
        items.append(smooth.contiguous())
    return items


def batch_of(items):
    frames = max(x.shape[1] for x in items)
    out = torch.zeros(len(items), N_MELS, frames)
    for i, x in enumerate(items):
        out[i, :, : x.shape[1]] = x
    return out, torch.tensor([x.shape[1] for x in items], dtype=torch.int64)


def variant_prompt(name):
    for v in VARIANTS:
        if v[0] == name:
            return prompt_ids(*v[1:])
    return prompt_ids(*EXTRA_VARIANTS[name])


def variant_options(name, limit):
    for v in VARIANTS:
        if v[0] == name:
            _, s, t, p, ts = v
            break
    else:
        s, t, p, ts = EXTRA_VARIANTS[name]
    options = {"language": s, "targetLanguage": t, "punctuation": p, "timestamps": ts}
    if limit is not None:
        options["maxNewTokens"] = limit
    return options


def limit_of(limit):
    return MAX_SEQ - PROMPT_LEN if limit is None else limit


def make_case(model, items, name, policy, names_and_limits):
    prompts = [variant_prompt(n) for n, _ in names_and_limits]
    limits = [limit_of(lim) for _, lim in names_and_limits]
    singles = []
    for i, x in enumerate(items):
        feats, lens = batch_of([x])
        singles.append(greedy(model, feats, lens, [prompts[i]], policy, [limits[i]])[0])
    feats, lens = batch_of(items)
    options = [variant_options(n, lim) for n, lim in names_and_limits]
    uniform = all(o == options[0] for o in options)
    return {
        "name": name,
        "policy": policy,
        "options": options[0] if uniform else options,
        "prompt": prompts[0] if uniform else prompts,
        "items": list(range(len(items))),
        "single": singles,
        "batched": greedy(model, feats, lens, prompts, policy, limits),
    }


def run_cases(model, items):
    cases = []
    n = len(items)
    for policy in ("nemo", "cache-length"):
        for name, *_ in VARIANTS:
            cases.append(make_case(model, items, name, policy, [(name, CASE_MAX_NEW)] * n))
        for name in UNLIMITED:
            cases.append(make_case(model, items, name + "-no-limit", policy, [(name, None)] * n))
        cases.append(make_case(model, items, "mixed-batch", policy, MIXED_BATCH))
    return cases


# Real speech, end to end: 16 kHz 16-bit mono WAVs from ../shared (no resampling to disagree about), put
# through the torch reference front end; the engine's test decodes the same file with its own decoder and
# front end. Only cases whose every argmax wins by >= REAL_MIN_MARGIN are kept, since two front ends
# agree to ~1e-4, not bit for bit.
REAL_AUDIO = [
    ("librivox-sense-and-sensibility/sense_and_sensibility_01_austen_64kb-0870.wav", ["asr-en", "asr-en-timestamps"]),
    ("beckett.wav", ["ast-en-de"]),
]
REAL_MIN_MARGIN = 0.005


def run_real_audio(model):
    if not os.path.isdir(SHARED_AUDIO):
        raise SystemExit(f"{SHARED_AUDIO} is missing: the real-audio references need the shared fixtures")
    cases = []
    for rel, names in REAL_AUDIO:
        path = os.path.join(SHARED_AUDIO, rel)
        feats = torch.from_numpy(nemo_log_mel(read_pcm16(path), "per_feature", torch.float64))
        lengths = torch.tensor([feats.shape[1]], dtype=torch.int64)
        for name in names:
            for policy in ("nemo", "cache-length"):
                result = greedy(model, feats[None], lengths, [variant_prompt(name)], policy, [MAX_SEQ - PROMPT_LEN])[0]
                cases.append(
                    {
                        "file": rel,
                        "sha256": digest(path),
                        "frames": int(feats.shape[1]),
                        "name": name,
                        "policy": policy,
                        "options": variant_options(name, None),
                        **result,
                    }
                )
    return cases


@torch.no_grad()
def probe(model, items):
    """Numbers for a closeness check (not just argmax): encoder output and first-step logits of item 0."""
    feats, lens = batch_of(items[:1])
    enc, enc_len = model.encoder(feats, lens)
    valid = time_mask(enc_len, enc.shape[1])
    mems = [torch.zeros(1, 0, D_MODEL) for _ in range(N_MEMS)]
    prompt = torch.tensor([variant_prompt("asr-en")], dtype=torch.int64)
    logits, _ = model.decoder(prompt, torch.tensor(0), enc, valid, mems)
    return {
        "encoderFrames": int(enc_len[0]),
        "encoderFirstFrame": [round(float(v), 6) for v in enc[0, 0]],
        "firstStepLogits": [round(float(v), 5) for v in logits[0, 0]],
    }


def sanity(cases):
    problems = []
    for c in cases:
        for kind in ("single", "batched"):
            for r in c[kind]:
                if r["minMargin"] < MIN_MARGIN:
                    problems.append(f"{c['name']}/{c['policy']}/{kind}: argmax margin {r['minMargin']:.2e}")
        for s, b in zip(c["single"], c["batched"]):
            if s["tokens"] != b["tokens"]:
                problems.append(f"{c['name']}/{c['policy']}: batched != single")
    nemo = [c for c in cases if c["policy"] == "nemo"]
    variant_names = {v[0] for v in VARIANTS}
    all_tokens = [tuple(r["tokens"]) for c in nemo if c["name"] in variant_names for r in c["single"]]
    if len(set(all_tokens)) < len(all_tokens) * 0.7:
        problems.append("too many identical outputs across variants/items")
    if any(len(t) < 3 for t in all_tokens):
        problems.append("some output shorter than 3 tokens")
    for c in nemo:
        opts = c["options"] if isinstance(c["options"], list) else [c["options"]] * len(c["single"])
        for o, r in zip(opts, c["single"]):
            has_ts = any(t in TS_IDS for t in r["tokens"])
            has_word = any(t in WORD_IDS for t in r["tokens"])
            if o["timestamps"] and not has_ts:
                problems.append(f"{c['name']}: timestamps on but none emitted")
            if not o["timestamps"] and has_ts:
                problems.append(f"{c['name']}: timestamps off but some emitted")
            if not has_word:
                problems.append(f"{c['name']}: no word pieces")
            if not o["punctuation"] and any(t in PUNCT_IDS for t in r["tokens"]):
                problems.append(f"{c['name']}: punctuation emitted with nopnc")
    eos_count = sum(r["endedWithEos"] for c in cases for r in c["single"])
    if eos_count < len(cases) * len(ITEM_FRAMES) * 0.6:
        problems.append(f"only {eos_count} outputs end with EOS")
    if all(r["endedWithEos"] for c in cases for r in c["single"]):
        problems.append("no output reaches the max-length guard")
    for c in cases:
        if c["name"].endswith("-no-limit") and not all(r["endedWithEos"] for r in c["single"]):
            problems.append(f"{c['name']}/{c['policy']}: an item without a limit never reached EOS")
    by_name = {}
    for c in cases:
        by_name.setdefault(c["name"], {})[c["policy"]] = [r["tokens"] for r in c["single"]]
    if all(v["nemo"] == v["cache-length"] for v in by_name.values()):
        problems.append("the two position policies never differ: the fixture cannot tell them apart")
    return problems


def describe(cases):
    for c in cases:
        if c["policy"] != "nemo":
            continue
        for r in c["single"]:
            text = "".join(VOCAB[t] for t in r["tokens"]).replace("\u2581", " ")
            print(f"  {c['name']:26s} {'EOS' if r['endedWithEos'] else 'MAX'} m={r['minMargin']:.3f} {text}")


def build(out, weights_seed, features_seed, verbose):
    torch.manual_seed(weights_seed)
    model = TinyCanary()
    model.eval()
    wire_by_hand(model)
    items = make_features(features_seed)
    cases = run_cases(model, items)
    problems = sanity(cases)
    real = run_real_audio(model)
    for r in real:
        if r["minMargin"] < REAL_MIN_MARGIN:
            problems.append(f"real audio {r['file']} {r['name']}/{r['policy']}: argmax margin {r['minMargin']:.2e}")
        if not r["endedWithEos"]:
            problems.append(f"real audio {r['file']} {r['name']}/{r['policy']}: no EOS")
    if verbose:
        describe(cases)
    if problems:
        return problems
    os.makedirs(out, exist_ok=True)
    export_all(model, out)
    with open(os.path.join(out, "features.f32"), "wb") as f:
        for x in items:
            f.write(x.numpy().astype("<f4").tobytes())
    references = {
        "about": "Written by scripts/python/canary_build_fixtures.py; do not edit by hand.",
        "weightsSeed": weights_seed,
        "featuresSeed": features_seed,
        "features": {
            "file": "features.f32",
            "layout": "item after item, each [128, frames] row-major float32 little-endian",
            "melBins": N_MELS,
            "frames": ITEM_FRAMES,
        },
        "model": {
            "vocabSize": V,
            "dModel": D_MODEL,
            "decoderLayers": N_DEC_LAYERS,
            "cacheEntries": N_MEMS,
            "maxSequenceLength": MAX_SEQ,
            "caseMaxNewTokens": CASE_MAX_NEW,
            "promptLength": PROMPT_LEN,
            "eos": EOS,
            "pad": PAD,
        },
        "policies": {
            "nemo": "prompt at positions 0-8, then generated token t at position t (sherpa layout)",
            "cache-length": "each decoder call starts at the cache length (onnx-asr layout's graph)",
        },
        "cases": cases,
        "probe": probe(model, items),
        "realAudio": real,
    }
    with open(os.path.join(out, "references.json"), "w", encoding="utf-8") as f:
        json.dump(references, f, indent=1, sort_keys=True)
        f.write("\n")
    return []


if __name__ == "__main__":
    sys.exit(fixture_cli(__doc__, DEFAULT_OUT, "canary-fixtures-", {"--weights-seed": 20250301, "--features-seed": 0}, build))
