"""multilingual-e5-small as an ONNX graph with dynamic int8 weights, run by onnxruntime.

Built once from the converted fp32 folder (see bundled_e5.py): the BERT encoder, from after its
word-embedding lookup (done here from a memory-mapped table), is exported with torch.onnx,
onnxruntime's transformer optimiser fuses each layer's attention, GELU and layer norms into single
kernels, and the weights are quantised to int8 per channel (dynamic quantisation,
which uses this CPU's VNNI instructions); saved beside the folder. Pooling (mean over real
tokens), the ``query: `` / ``passage: `` prompts and normalisation are done here, as
sentence-transformers does them. About 2.5 times as fast as fp32 sentence-transformers on 2 cores,
at a mean cosine of 0.997 against it (README, "The model").
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Sequence

import numpy as np

from .base import Embedder

MODEL_ID = "multilingual-e5-small-int8"
# The graph starts after the word-embedding lookup (vectors at cosine 0.998 to the older export's).
REVISION = "emb-lookup"
PROMPTS = {"query": "query: ", "document": "passage: "}
MAX_TOKENS = 512


def word_embeddings(folder: Path) -> np.ndarray:
    """The e5 word-embedding table (250k × 384, fp32) as a read-only memory map, written once
    beside the converted model in ``folder``: only the rows of the tokens read are ever in memory.
    Both ONNX graphs (the embedder's and the reader's) start after this lookup."""
    path = folder.parent / f"{folder.name}-word-embeddings.npy"
    if not path.exists():
        from safetensors import safe_open

        with safe_open(str(folder / "model.safetensors"), framework="numpy") as f:
            name = next(k for k in f.keys() if k.endswith("word_embeddings.weight"))
            table = np.asarray(f.get_tensor(name), dtype=np.float32)
        tmp = path.with_suffix(".tmp.npy")
        np.save(tmp, table)
        os.replace(tmp, path)
    return np.load(path, mmap_mode="r")


def export_from_embeddings(model, config, target: Path, outputs: list[str]) -> None:
    """Export ``model`` (a torch module of ``(inputs_embeds, attention_mask)`` over a BERT encoder
    with ``config``) to ONNX, fuse it and quantise its weights to int8 per channel, atomically.
    The graph starts after the word-embedding lookup, so the export handles the encoder's 21M
    parameters rather than 118M with the 250k-row table: a fraction of the memory."""
    import logging
    import warnings

    import onnx
    import torch
    from onnxruntime.quantization import QuantType, quantize_dynamic
    from onnxruntime.transformers import optimizer

    warnings.filterwarnings("ignore", category=torch.jit.TracerWarning)  # shape notes: expected here
    logging.getLogger("root").setLevel(logging.ERROR)  # the quantiser's pre-processing hint
    example = (torch.ones(2, 8, config.hidden_size), torch.ones(2, 8, dtype=torch.long))
    axes = {0: "batch", 1: "tokens"}
    with tempfile.TemporaryDirectory(dir=target.parent) as tmp:
        fp32 = Path(tmp) / "fp32.onnx"
        torch.onnx.export(model.eval(), example, str(fp32), input_names=["inputs_embeds", "attention_mask"],
                          output_names=outputs, dynamic_axes={n: axes for n in ["inputs_embeds",
                                                                              "attention_mask", *outputs]},
                          opset_version=17, dynamo=False)
        fused = Path(tmp) / "fused.onnx"
        optimizer.optimize_model(str(fp32), model_type="bert", num_heads=config.num_attention_heads,
                                 hidden_size=config.hidden_size).save_model_to_file(str(fused))
        int8 = Path(tmp) / "int8.onnx"
        # The fused ops are outside the standard domain, so their outputs' type must be given.
        quantize_dynamic(str(fused), str(int8), weight_type=QuantType.QInt8, per_channel=True,
                         extra_options={"DefaultTensorType": onnx.TensorProto.FLOAT})
        os.replace(int8, target)


def export_int8(folder: Path, target: Path) -> None:
    """Export the BERT encoder in ``folder`` (without its word embeddings) to int8 ONNX."""
    import torch
    from transformers import BertModel

    class Encoder(torch.nn.Module):
        def __init__(self, bert):
            super().__init__()
            self.bert = bert

        def forward(self, inputs_embeds, attention_mask):
            return self.bert(inputs_embeds=inputs_embeds, attention_mask=attention_mask).last_hidden_state

    word_embeddings(folder)  # written here, in the export's own process, for the run-time lookup
    # Eager attention exports the plain MatMul/Softmax pattern that the optimiser knows how to fuse.
    bert = BertModel.from_pretrained(folder, attn_implementation="eager")
    bert.embeddings.word_embeddings = torch.nn.Embedding(1, bert.config.hidden_size)  # looked up outside
    export_from_embeddings(Encoder(bert), bert.config, target, ["hidden"])


def exported_session(path: Path, export, folder: Path, step: str, threads: int | None = None):
    """An onnxruntime CPU session over ``path``, running ``export(folder, path)`` once first, as
    the first-use ``step`` in its own process (``run_once``), when the file does not exist yet."""
    import onnxruntime as ort

    from .bundled_e5 import run_once

    if not path.exists():
        run_once(step, export, folder, path)
    options = ort.SessionOptions()
    options.intra_op_num_threads = threads or min(os.cpu_count() or 1, 4)
    options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    # A session's threads go on spinning for work after a run ends; the embedder's and the reader's
    # then take the cores from each other and from Python on every question. Stopped at each run's
    # end, they still spin within a run, so batch embedding is no slower (docs/measurements.md,
    # "Answer latency": combined answer p95 ~170 -> ~120 ms on 2 cores).
    options.add_session_config_entry("session.force_spinning_stop", "1")
    return ort.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])


class OnnxE5Embedder(Embedder):
    """The int8 ONNX encoder; texts are embedded longest first to waste little padding."""

    model_id = MODEL_ID
    dim = 384
    revision = REVISION

    def __init__(self, batch_size: int = 16, threads: int | None = None):
        from tokenizers import Tokenizer

        from .bundled_e5 import model_folder

        folder = model_folder()
        # "-emb": the graph starts after the word-embedding lookup (an older export did not).
        path = folder.parent / f"{folder.name}-int8-fused-emb.onnx"
        self.session = exported_session(path, export_int8, folder,
                                        f"2/3 exporting {MODEL_ID} to ONNX int8 into {path}", threads)
        self.tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
        self.tokenizer.enable_truncation(MAX_TOKENS)
        self.embeddings = word_embeddings(folder)
        self.batch_size = batch_size

    def embed(self, texts: Sequence[str], kind: str) -> np.ndarray:
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        order = sorted(range(len(texts)), key=lambda i: -len(texts[i]))
        for s in range(0, len(order), self.batch_size):
            part = order[s:s + self.batch_size]
            enc = self.tokenizer.encode_batch([PROMPTS[kind] + texts[i] for i in part])
            width = max(len(e.ids) for e in enc)
            ids = np.zeros((len(part), width), dtype=np.int64)
            mask = np.zeros_like(ids)
            for row, e in enumerate(enc):
                ids[row, :len(e.ids)] = e.ids
                mask[row, :len(e.ids)] = 1
            hidden = self.session.run(None, {"inputs_embeds": self.embeddings[ids], "attention_mask": mask})[0]
            pooled = (hidden * mask[..., None]).sum(axis=1) / mask.sum(axis=1, keepdims=True)
            out[part] = pooled / np.linalg.norm(pooled, axis=1, keepdims=True)
        return out
