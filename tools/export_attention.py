#!/usr/bin/python3
"""Export a model's attention for a text to a file attnviz opens (docs/FORMAT.md, "Attention files").

    /usr/bin/python3 tools/export_attention.py --demo mha --text "the cat sat on the mat" --out a.npz
    /usr/bin/python3 tools/export_attention.py --demo encoder --text "..." --out a.safetensors
    /usr/bin/python3 tools/export_attention.py --torch model.pt --text "..." --out a.npz
    /usr/bin/python3 tools/export_attention.py --hf bert-base-uncased --text "..." --out a.npz
    /usr/bin/python3 tools/export_attention.py --demo vit --image pic.png --out vit.npz

Runs with Debian's python3-torch and python3-numpy; HuggingFace `transformers` only for --hf.
Writes (float32)
    attentions [L, H, N, M]     the softmax weights of every layer and head (batch item 0)
    q [L, H, N, d_k], k and v [L, H, M, d_k]   the projections the attention multiplied
    tokens [N]                  the token strings ("CLS", "r0c0", "r0c1", … for a picture)
    meta_json                   UTF-8 JSON: model, text, layout "LHNM", torch version, notes
    image [H, W, 3]             uint8, the picture as given (--image; .npz only)
(.safetensors: the same tensors, with tokens, meta_json and layout in __metadata__) and prints one
summary line, including max |softmax(q·kᵀ/√d_k) − weights| as a self-check.

Sources
    --demo mha       nn.MultiheadAttention(embed_dim=16, num_heads=2), seeded (--seed)
    --demo encoder   nn.TransformerEncoder of 3 layers (d_model 32, 4 heads), seeded
    --torch PATH     a whole module saved with torch.save(module, PATH). It must take one
                     [1, N, E] float tensor (or [N, 1, E] when its attention is not batch_first)
                     and contain nn.MultiheadAttention modules. torch.load unpickles: it runs code
                     from the file, so only load files you trust.
    --hf NAME|PATH   a HuggingFace model (AutoModel + AutoTokenizer)
    --demo vit       a small Vision Transformer built from torch modules, randomly initialised
                     (seeded): a Conv2d patch embedding of 8x8-pixel patches (--vit-patches P
                     per side, default 8), a CLS token, learned positions and a 2-layer
                     nn.TransformerEncoder (d_model 32, 4 heads). Needs --image.
For --demo and --torch, the text is split at whitespace and each token gets a fixed embedding
seeded by its text (not a trained tokenizer: the point is the attention mechanics).
With --image PIC (PNG, read here with NumPy and zlib) the model sees the picture instead of a text:
--demo vit, or --torch PATH for a module that takes a [1, 3, S, S] tensor in [0, 1] (S:
--image-size). The picture is resized to S x S (squashed, as ViTs do); the tokens are CLS and the
patches row-major, which is how attnviz lays them over the picture (attnviz view FILE).

Traps this script works around (and why files from elsewhere may look wrong):
  * nn.MultiheadAttention averages the heads by default (average_attn_weights=True): you get
    [B, N, M], not [B, H, N, M]. Pass average_attn_weights=False (done here).
  * nn.TransformerEncoderLayer calls its attention with need_weights=False, and in eval mode
    under no_grad it may take a fused "fast path" (torch._transformer_encoder_layer_fwd, nested
    tensors) that never calls the attention module, so hooks see nothing. Here every
    nn.MultiheadAttention's forward is wrapped to ask for per-head weights, the model runs with
    grad enabled (which disables the fast path) and enable_nested_tensor=False, and the script
    fails if any attention module was skipped. (nn.MultiheadAttention alone also has a fused
    inference kernel under no_grad; its weights differ from the module path's in the last bit.)
  * Scaled-dot-product attention kernels (SDPA, FlashAttention) return no weights:
    HuggingFace models must be loaded with attn_implementation="eager" (done here), otherwise
    output_attentions=True gives None or falls back silently.
  * Rotary position embeddings (LLaMA, Mistral, GPT-NeoX, …) rotate q and k after the q/k
    projections that hooks capture: the stored q/k are pre-rotation, so q·kᵀ/√d_k does not
    reproduce the weights. attnviz shows both and flags the difference; meta_json says so.
  * Grouped-query attention (k/v heads fewer than q heads): k and v are repeated per group of
    query heads here so that every file has H heads everywhere (meta_json records the group).
"""
import argparse
import json
import math
import os
import struct
import sys
import zlib

import numpy as np
import torch
from torch import nn
from torch.nn import functional as F

# [SECTION] Embeddings for whitespace tokens


def token_embeddings(tokens, dim, seed):
    """[N, dim]: each token's vector seeded by its text and --seed, plus a sinusoidal position."""
    rows = []
    for position, token in enumerate(tokens):
        g = torch.Generator().manual_seed(zlib.crc32(token.encode("utf-8")) ^ seed)
        e = torch.randn(dim, generator=g)
        i = torch.arange(dim)
        angle = position / (10000 ** ((i - i % 2) / dim))
        e += 0.5 * torch.where(i % 2 == 0, torch.sin(angle), torch.cos(angle))
        rows.append(e)
    return torch.stack(rows)


# [SECTION] Demo models


def demo_mha(seed):
    """The classic nn.MultiheadAttention(embed_dim=16, num_heads=2), biases made non-zero."""
    torch.manual_seed(seed)
    mha = nn.MultiheadAttention(embed_dim=16, num_heads=2, batch_first=True)
    with torch.no_grad():
        mha.in_proj_bias.uniform_(-0.5, 0.5)
        mha.out_proj.bias.uniform_(-0.5, 0.5)
    return mha.eval()


def demo_encoder(seed):
    torch.manual_seed(seed)
    layer = nn.TransformerEncoderLayer(d_model=32, nhead=4, dim_feedforward=64, dropout=0.0,
                                       batch_first=True)
    return nn.TransformerEncoder(layer, num_layers=3, enable_nested_tensor=False).eval()


class DemoViT(nn.Module):
    """Patch embedding (Conv2d), CLS, learned positions, TransformerEncoder: a ViT's shape."""

    def __init__(self, patches, patch=8, dim=32, heads=4, layers=2):
        super().__init__()
        self.input_size = patches * patch
        self.embed = nn.Conv2d(3, dim, kernel_size=patch, stride=patch)
        self.cls = nn.Parameter(0.5 * torch.randn(1, 1, dim))
        self.positions = nn.Parameter(0.5 * torch.randn(1, 1 + patches * patches, dim))
        layer = nn.TransformerEncoderLayer(d_model=dim, nhead=heads, dim_feedforward=2 * dim,
                                           dropout=0.0, batch_first=True)
        self.encoder = nn.TransformerEncoder(layer, num_layers=layers, enable_nested_tensor=False)

    def forward(self, pixels):  # [1, 3, S, S] in [0, 1]
        tokens = self.embed(pixels).flatten(2).transpose(1, 2)  # [1, P², dim], row-major
        tokens = torch.cat([self.cls.expand(tokens.shape[0], -1, -1), tokens], dim=1)
        return self.encoder(tokens + self.positions)


def demo_vit(seed, patches):
    torch.manual_seed(seed)
    return DemoViT(patches).eval()


# [SECTION] Pictures


def read_png(path):
    """[H, W, 3] uint8 of an 8-bit PNG (grey, RGB, palette-free; alpha composited over black, as
    attnviz does). Enough for pictures made here; no imaging library needed."""
    data = open(path, "rb").read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise SystemExit(f"export_attention: {path} is not a PNG (only PNG pictures are read here)")
    pos, idat, header = 8, b"", None
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos:pos + 4])
        kind, body = data[pos + 4:pos + 8], data[pos + 8:pos + 8 + length]
        pos += 12 + length
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat += body
    width, height, depth, colour, _, _, interlace = header
    channels = {0: 1, 2: 3, 4: 2, 6: 4}.get(colour)
    if depth != 8 or channels is None or interlace:
        raise SystemExit(f"export_attention: {path}: only 8-bit non-interlaced grey/RGB(A) PNGs")
    raw = np.frombuffer(zlib.decompress(idat), dtype=np.uint8)
    stride = width * channels
    rows = np.zeros((height, stride), dtype=np.int32)
    previous = np.zeros(stride, dtype=np.int32)
    for y in range(height):
        start = y * (stride + 1)
        kind, line = raw[start], raw[start + 1:start + 1 + stride].astype(np.int32)
        if kind == 0:
            row = line
        elif kind == 2:
            row = (line + previous) & 255
        else:  # Sub, Average, Paeth depend on the pixel to the left: one pixel at a time
            row = np.zeros(stride, dtype=np.int32)
            for x in range(stride):
                a = row[x - channels] if x >= channels else 0
                b, c = previous[x], (previous[x - channels] if x >= channels else 0)
                if kind == 1:
                    predictor = a
                elif kind == 3:
                    predictor = (a + b) // 2
                else:
                    p = a + b - c
                    pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                    predictor = a if pa <= pb and pa <= pc else (b if pb <= pc else c)
                row[x] = (line[x] + predictor) & 255
        rows[y] = row
        previous = row
    pixels = rows.reshape(height, width, channels).astype(np.float64)
    if channels in (1, 2):
        pixels = np.concatenate([pixels[..., :1].repeat(3, axis=2), pixels[..., 1:]], axis=2)
    if pixels.shape[2] == 4:
        pixels = pixels[..., :3] * pixels[..., 3:] / 255.0
    return np.rint(pixels).astype(np.uint8)


def picture_tensor(picture, size):
    """[1, 3, size, size] in [0, 1]: the picture squashed to a square (bilinear)."""
    x = torch.from_numpy(picture.astype(np.float32) / 255.0).permute(2, 0, 1).unsqueeze(0)
    return F.interpolate(x, size=(size, size), mode="bilinear", align_corners=False)


def patch_tokens(count):
    """CLS, then r0c0, r0c1, … for count = 1 + P² tokens (attnviz's names)."""
    side = math.isqrt(count - 1)
    if side * side != count - 1:
        raise SystemExit(f"export_attention: {count} tokens are not CLS + a square of patches")
    return ["CLS"] + [f"r{r}c{c}" for r in range(side) for c in range(side)]


# [SECTION] Capturing nn.MultiheadAttention


def projections(mha, query, key, value):
    """q [.., N, E], k and v [.., M, E]: the in-projections nn.MultiheadAttention applies."""
    if mha._qkv_same_embed_dim:
        w_q, w_k, w_v = mha.in_proj_weight.chunk(3, dim=0)
    else:
        w_q, w_k, w_v = mha.q_proj_weight, mha.k_proj_weight, mha.v_proj_weight
    b_q = b_k = b_v = None
    if mha.in_proj_bias is not None:
        b_q, b_k, b_v = mha.in_proj_bias.chunk(3, dim=0)
    return F.linear(query, w_q, b_q), F.linear(key, w_k, b_k), F.linear(value, w_v, b_v)


def split_heads(x, heads, batch_first):
    """[B, N, E] (or [N, B, E], or unbatched [N, E]) → [H, N, d_k] of batch item 0."""
    if x.dim() == 3:
        x = x[0] if batch_first else x[:, 0]
    n, e = x.shape
    return x.reshape(n, heads, e // heads).transpose(0, 1)


def instrument(mha, records):
    """Wraps mha.forward so every call returns per-head weights and records q, k, v, weights."""
    original = mha.forward

    def forward(query, key, value, *args, **kwargs):
        names = ["key_padding_mask", "need_weights", "attn_mask", "average_attn_weights"]
        kwargs.update(zip(names, args))
        kwargs["need_weights"] = True
        kwargs["average_attn_weights"] = False
        out, weights = original(query, key, value, **kwargs)
        record = {"weights": weights[0] if weights.dim() == 4 else weights}  # [H, N, M]
        if mha.bias_k is None and not mha.add_zero_attn:  # extra keys: q/k no longer line up
            q, k, v = projections(mha, query, key, value)
            record.update({name: split_heads(t, mha.num_heads, mha.batch_first)
                           for name, t in (("q", q), ("k", k), ("v", v))})
        records.append(record)
        return out, weights

    mha.forward = forward


def run_torch_module(module, tokens, seed, pixels=None):
    """Runs the module on the tokens' embeddings, or on `pixels` ([1, 3, S, S]) when given."""
    attention = [m for m in module.modules() if isinstance(m, nn.MultiheadAttention)]
    if not attention:
        raise SystemExit("export_attention: the module contains no nn.MultiheadAttention")
    records = []
    for mha in attention:
        instrument(mha, records)
    if pixels is not None:
        x = pixels
    else:
        x = token_embeddings(tokens, attention[0].embed_dim, seed)
        x = x.unsqueeze(0) if attention[0].batch_first else x.unsqueeze(1)
    if hasattr(torch.backends, "mha") and hasattr(torch.backends.mha, "set_fastpath_enabled"):
        torch.backends.mha.set_fastpath_enabled(False)
    # Grad enabled (parameters require grad) keeps TransformerEncoderLayer off its fused path.
    with torch.enable_grad():
        if isinstance(module, nn.MultiheadAttention):
            module(x, x, x)
        else:
            module(x)
    if len(records) != len(attention):
        raise SystemExit(f"export_attention: {len(attention)} attention modules but "
                         f"{len(records)} calls were captured: a fused fast path skipped them")
    notes = []
    if any("q" not in r for r in records):
        notes.append("add_bias_kv/add_zero_attn add keys: q/k/v not exported")
        records = [{"weights": r["weights"]} for r in records]
    return records, notes


# [SECTION] HuggingFace models


def run_huggingface(name, text):
    try:
        from transformers import AutoModel, AutoTokenizer
    except ImportError:
        raise SystemExit("export_attention: --hf needs the transformers package (pip install "
                         "transformers); it is not a Debian package")
    tokenizer = AutoTokenizer.from_pretrained(name)
    try:
        model = AutoModel.from_pretrained(name, attn_implementation="eager")
    except TypeError:  # transformers older than 4.36 has no attn_implementation (always eager)
        model = AutoModel.from_pretrained(name)
    model.eval()
    config = model.config
    heads = config.num_attention_heads
    kv_heads = getattr(config, "num_key_value_heads", None) or heads
    notes = []

    # Forward hooks on the q/k/v projections, by the names the common architectures use.
    triples = [("q_proj", "k_proj", "v_proj"), ("query", "key", "value"),
               ("q_lin", "k_lin", "v_lin")]
    captured = {}
    hooks = []
    modules = dict(model.named_modules())
    for full_name, module in modules.items():
        parent, _, leaf = full_name.rpartition(".")
        for triple in triples:
            if leaf in triple and isinstance(module, nn.Linear):
                role = "qkv"[triple.index(leaf)]
                hooks.append(module.register_forward_hook(
                    lambda m, i, o, key=(parent, role): captured.__setitem__(key, o.detach())))
        if leaf == "c_attn":  # GPT-2: one fused projection [.., 3E]
            hooks.append(module.register_forward_hook(
                lambda m, i, o, p=parent: [captured.__setitem__((p, r), t.detach())
                                           for r, t in zip("qkv", o.split(o.shape[-1] // 3, -1))]))
    encoded = tokenizer(text, return_tensors="pt")
    with torch.no_grad():
        output = model(**encoded, output_attentions=True)
    for hook in hooks:
        hook.remove()
    if not output.attentions or any(a is None for a in output.attentions):
        raise SystemExit("export_attention: the model returned no attention weights (SDPA/flash "
                         "attention computes them fused); it needs attn_implementation='eager'")
    records = [{"weights": a[0]} for a in output.attentions]  # [H, N, M] each

    parents = sorted({p for p, _ in captured}, key=list(modules).index)
    if len(parents) == len(records) and all((p, r) in captured for p in parents for r in "qkv"):
        for record, parent in zip(records, parents):
            q, k, v = (captured[(parent, r)][0] for r in "qkv")  # [N, heads·d]
            d_k = q.shape[-1] // heads
            q = q.reshape(q.shape[0], heads, d_k).transpose(0, 1)
            k = k.reshape(k.shape[0], kv_heads, d_k).transpose(0, 1)
            v = v.reshape(v.shape[0], kv_heads, -1).transpose(0, 1)
            if kv_heads != heads:  # grouped-query attention: one k/v head per group of q heads
                k = k.repeat_interleave(heads // kv_heads, dim=0)
                v = v.repeat_interleave(heads // kv_heads, dim=0)
            record.update(q=q, k=k, v=v)
        if kv_heads != heads:
            notes.append(f"grouped-query attention: {kv_heads} k/v heads repeated for "
                         f"{heads // kv_heads} query heads each")
    else:
        notes.append("q/k/v projections not found by name: only the weights are exported")
    rotary = (getattr(config, "rope_theta", None) is not None
              or getattr(config, "rotary_dim", None) is not None
              or getattr(config, "position_embedding_type", "") == "rotary"
              or any("rotary" in n for n in modules))
    if rotary and "q" in records[0]:
        notes.append("rotary position embeddings: q and k are stored before rotation, so "
                     "q·kᵀ/√d_k differs from the weights")
    tokens = tokenizer.convert_ids_to_tokens(encoded["input_ids"][0].tolist())
    return records, tokens, notes


# [SECTION] Writing


def stack(records, name):
    if not all(name in r for r in records):
        return None
    return torch.stack([r[name].detach() for r in records]).to(torch.float32).numpy()


def utf8_bytes(text):
    return np.frombuffer(text.encode("utf-8"), dtype=np.uint8)


def write_safetensors(path, arrays, metadata):
    header, position, blobs = {"__metadata__": metadata}, 0, []
    for name, array in arrays.items():
        raw = np.ascontiguousarray(array, dtype="<f4").tobytes()
        header[name] = {"dtype": "F32", "shape": list(array.shape),
                        "data_offsets": [position, position + len(raw)]}
        position += len(raw)
        blobs.append(raw)
    text = json.dumps(header, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
    text += b" " * ((8 - len(text) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)) + text + b"".join(blobs))


def max_softmax_difference(q, k, w):
    """max |softmax(q·kᵀ/√d_k) − w| over cells not masked (w exactly 0 in every head)."""
    scores = torch.from_numpy(q).double() @ torch.from_numpy(k).double().transpose(-1, -2)
    scores /= math.sqrt(q.shape[-1])
    masked = torch.from_numpy((w == 0).all(axis=1, keepdims=True))
    p = torch.softmax(scores.masked_fill(masked, float("-inf")), dim=-1)
    p = torch.nan_to_num(p)  # fully masked rows
    return float((p - torch.from_numpy(w).double()).masked_fill(masked, 0).abs().max())


def main(argv=None):
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0],
        epilog=__doc__[__doc__.index("Traps"):], formatter_class=argparse.RawDescriptionHelpFormatter)
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument("--demo", choices=["mha", "encoder", "vit"], help="a built-in small model")
    source.add_argument("--torch", metavar="PATH", help="a module saved with torch.save")
    source.add_argument("--hf", metavar="NAME", help="a HuggingFace model name or folder")
    parser.add_argument("--text", help="the input text")
    parser.add_argument("--image", metavar="PNG", help="the input picture (a Vision Transformer)")
    parser.add_argument("--image-size", type=int, default=224,
                        help="--torch with --image: the square input size S of the module")
    parser.add_argument("--vit-patches", type=int, default=8,
                        help="--demo vit: patches per side (8-pixel patches)")
    parser.add_argument("--out", required=True, help="output .npz or .safetensors")
    parser.add_argument("--seed", type=int, default=0, help="demo weights and embeddings seed")
    parser.add_argument("--no-qkv", action="store_true", help="export the weights only")
    args = parser.parse_args(argv)

    picture = None
    if (args.image is None) == (args.text is None):
        raise SystemExit("export_attention: give --text (a text model) or --image (a ViT)")
    if args.demo == "vit" and args.image is None:
        raise SystemExit("export_attention: --demo vit needs --image PNG")
    if args.image is not None:
        if args.hf or args.demo in ("mha", "encoder"):
            raise SystemExit("export_attention: --image works with --demo vit or --torch")
        if args.out.endswith(".safetensors"):
            raise SystemExit("export_attention: --image writes .npz (safetensors holds no uint8 "
                             "picture here)")
        picture = read_png(args.image)
        if args.demo == "vit":
            if not 1 <= args.vit_patches <= 32:
                raise SystemExit("export_attention: --vit-patches must be 1 to 32")
            module, model_name = demo_vit(args.seed, args.vit_patches), "demo-vit"
        else:
            module = torch.load(args.torch)  # a full pickle: trusted files only (see --help)
            model_name = os.path.basename(args.torch)
        size = module.input_size if args.demo == "vit" else args.image_size
        records, notes = run_torch_module(module, None, args.seed, picture_tensor(picture, size))
        tokens = patch_tokens(records[0]["weights"].shape[-1])
    elif args.hf:
        records, tokens, notes = run_huggingface(args.hf, args.text)
        model_name = args.hf
    else:
        tokens = args.text.split()
        if not tokens:
            raise SystemExit("export_attention: --text has no tokens")
        if args.demo:
            module = demo_mha(args.seed) if args.demo == "mha" else demo_encoder(args.seed)
            model_name = f"demo-{args.demo}"
        else:
            module = torch.load(args.torch)  # a full pickle: trusted files only (see --help)
            model_name = os.path.basename(args.torch)
        records, notes = run_torch_module(module, tokens, args.seed)

    weights = stack(records, "weights")
    arrays = {"attentions": weights}
    if not args.no_qkv:
        for name in "qkv":
            array = stack(records, name)
            if array is not None:
                arrays[name] = array
    layers, heads, n, m = weights.shape
    meta = {"exporter": "tools/export_attention.py", "model": model_name, "text": args.text,
            "layout": "LHNM", "torch": torch.__version__, "notes": notes}
    if picture is not None:
        arrays_extra = {"image": picture}
        meta["image"] = {"file": os.path.basename(args.image), "resized_to": size}
    else:
        arrays_extra = {}
    meta_text = json.dumps(meta, ensure_ascii=False)
    if args.out.endswith(".safetensors"):
        write_safetensors(args.out, arrays, {"tokens": json.dumps(tokens, ensure_ascii=False),
                                             "meta_json": meta_text, "layout": "LHNM"})
    else:
        with open(args.out, "wb") as f:  # a file object: np.savez adds no .npz suffix
            np.savez(f, **arrays, **arrays_extra, tokens=np.array(tokens),
                     meta_json=utf8_bytes(meta_text))

    summary = (f"wrote {args.out}: model={model_name} layers={layers} heads={heads} N={n} M={m}")
    if "q" in arrays and "k" in arrays:
        diff = max_softmax_difference(arrays["q"], arrays["k"], weights)
        summary += f" d_k={arrays['q'].shape[-1]} max|softmax(qk/sqrt(d_k))-w|={diff:.2g}"
    else:
        summary += " q/k/v=none"
    print(summary + "".join(f" [{note}]" for note in notes))


if __name__ == "__main__":
    sys.exit(main())
