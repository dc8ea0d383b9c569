"""The chat UI: a Gradio app over the library's functions. It holds no retrieval or answer logic;
it renders `rag.answer.Answer` objects. Every piece of document text and every question goes
through ``html.escape`` before it reaches the page, so nothing from a document can run as HTML.
"""

from __future__ import annotations

import gc
import html
import os
import re
import tempfile
import threading
from pathlib import Path

from rag.answer import followup
from rag.answer.combined import PATHS, answerer
from rag.answer.question import MAX_QUESTION
from rag.answer.render import LABELS, Answer, all_citations, format_sources, in_script, source_note
from rag.answer.retrieve import scope
from rag.errors import RagError
from rag.index import Index, LiveIndex
from rag.textnorm import match_form

from .library import (ALLOWED, MAX_UPLOAD_MB, LibraryError, Rebuilder, remove_document, removed_documents,
                      removed_folder, restore_document, save_upload)

EXAMPLES = [
    "金风科技包头风机总装厂项目总投资多少？",
    "臨港區行政審批服務局把審批時間整體壓縮了多少？",
    "How much has Baotou Rare Earth High-tech Zone's general public budget revenue reached by the "
    "end of October 2022?",
]
SCRIPTS = [("Follow the question · 跟随问题", "auto"), ("简体", "Hans"), ("繁體", "Hant")]
ANSWERERS = [("Rules and reader (default)", "combined"), ("Rules only", "rules"), ("Trained reader only", "reader")]
SURE = 0.5  # an answer below this confidence is shown as doubtful
MAX_TURNS = 50  # older turns drop out of the page (and of the session state)
CONCURRENT_ANSWERS = 4  # answered at the same time per server process (README, "Serving several people")

CSS = """
/* The title in fonts that exist: its Latin letters from one system sans-serif, its Han from a CJK
   font (the theme's web font, with no Han, drew the "A" of "Q&A" apart from the rest). A CJK font
   with no bold (WenQuanYi) is left to sans-serif, which draws it bold. */
#header h2 { font-family: "Helvetica Neue", Arial, "Liberation Sans", "DejaVu Sans", "PingFang SC",
             "Microsoft YaHei", "Noto Sans CJK SC", sans-serif; }
.turn { border-bottom: 1px solid var(--border-color-primary); padding: 10px 0; }
.turn .q { font-weight: 600; margin-bottom: 6px; }
.answered .short { font-size: 1.5em; font-weight: 700; color: var(--color-accent); margin: 4px 0; }
.abstained { border-left: 4px solid #b45309; background: rgba(180, 83, 9, .08); padding: 6px 10px; }
.abstained .notfound { font-weight: 700; color: #b45309; }
.which-subject { border-left: 4px solid var(--color-accent); padding: 6px 10px; font-weight: 600; }
.related { opacity: .8; font-size: .92em; }
.notice { font-size: .85em; color: #b45309; }
.understood { font-size: .85em; opacity: .85; font-style: italic; }
.confidence { font-size: .85em; opacity: .85; }
.doubtful .confidence { color: #b45309; font-weight: 600; opacity: 1; }
.cite { font-size: .8em; vertical-align: super; margin: 0 2px; text-decoration: none; }
.srcline { font-size: .82em; opacity: .8; margin: 6px 0 0 0; padding-left: 1.2em; }
.src { border: 1px solid var(--border-color-primary); border-radius: 6px; padding: 8px; margin: 8px 0; }
.src:target, .src.focused { outline: 3px solid var(--color-accent); }
.src .meta { font-size: .85em; opacity: .85; margin-bottom: 4px; }
.src mark { background: #fde68a; color: inherit; padding: 0 1px; }
.ans { background: #fcd34d; box-shadow: 0 0 0 1px #b45309; border-radius: 2px; }
.srcline li { list-style: none; }
.differs { border-left: 3px solid #dc2626; padding-left: 6px; margin-top: 6px; }
.confirmed { border-left: 3px solid #16a34a; padding-left: 6px; margin-top: 6px; opacity: .85; }
.turn-head { font-weight: 600; margin-top: 12px; }
.build { margin: 6px 0; } .build.failed { color: #b45309; } .build.done { color: #16a34a; }
.doc-text { white-space: pre-wrap; max-height: 70vh; overflow-y: auto; }
#chat { max-height: 62vh; overflow-y: auto !important; }
#sources-col { position: sticky; top: 0; align-self: flex-start; }  /* the panel stays in view */
#sources { max-height: 85vh; overflow-y: auto !important; }
.copy { float: right; font-size: .8em; cursor: pointer; border: 1px solid var(--border-color-primary);
        border-radius: 4px; background: none; padding: 1px 6px; }
.back { font-size: .85em; margin-left: 6px; }
/* The figure table's headers on one line (never "perio d"); a screen narrower than its columns
   (FIGURE_WIDTHS) scrolls the table sideways. */
#f-table th .header { white-space: nowrap; }
@media (max-width: 700px) { #chat { max-height: 48vh; } #sources { max-height: none; }
                            #sources-col { position: static; } }
"""

# In the page: a click on [n] or a source line scrolls the sources panel, not the page, so the
# chat stays in view (on a narrow screen, where the sources come after the chat, the page scrolls
# and each passage links back to its answer); the chat follows its newest answer; "Copy" puts an
# answer with its sources on the clipboard.
JS = """
<script>
(() => {
  const focus = (id) => {
    const el = document.getElementById(id);
    if (!el) return false;
    document.querySelectorAll('.focused').forEach(x => x.classList.remove('focused'));
    el.classList.add('focused');
    const box = el.closest('#sources, #chat');
    if (box && box.scrollHeight > box.clientHeight && window.innerWidth > 700) {
      box.scrollTop += el.getBoundingClientRect().top - box.getBoundingClientRect().top - 8;
    } else {
      el.scrollIntoView({block: 'start'});
    }
    return true;
  };
  document.addEventListener('click', (ev) => {
    const copy = ev.target.closest('button.copy');
    if (copy) {
      const text = copy.dataset.md;
      const done = () => { copy.textContent = 'Copied · 已复制'; };
      if (navigator.clipboard && window.isSecureContext) { navigator.clipboard.writeText(text).then(done); }
      else { const t = document.createElement('textarea'); t.value = text; document.body.appendChild(t);
             t.select(); document.execCommand('copy'); t.remove(); done(); }
      return;
    }
    const a = ev.target.closest('a[href^="#src-"], a[href^="#turn-"]');
    if (a && focus(a.getAttribute('href').slice(1))) ev.preventDefault();
  });
  let seen = 0;
  new MutationObserver(() => {
    const chat = document.getElementById('chat');
    const turns = chat ? chat.querySelectorAll('.turn[id^="turn-"]') : [];
    if (turns.length && turns.length !== seen) {
      seen = turns.length;
      const last = turns[turns.length - 1];
      const box = last.closest('#chat');
      if (box) box.scrollTop += last.getBoundingClientRect().top - box.getBoundingClientRect().top;
    }
  }).observe(document.body, {childList: true, subtree: true});
})();
</script>
"""


def _e(text: str | None) -> str:
    return html.escape(text or "", quote=True)


def _meta(c) -> str:
    return " · ".join(_e(x) for x in (c.title, c.date, c.outlet, c.byline, f"p. {c.page}" if c.page else None) if x)


def render_turn(turn: int, ans: Answer, index: Index) -> str:
    """One question and its answer as HTML: the short answer, the quotes with [n] links to the
    sources panel, a source line per citation; an abstention is boxed and labelled as such."""
    by_name = index.by_name
    labels = LABELS[ans.lang]

    def quote(c) -> str:
        shown = _marked(c, ans.answer_span, by_name[c.doc].script, ans.lang)
        return f'{shown}<a class="cite" href="#src-{turn}-{c.n}">[{c.n}]</a>'

    parts = [f'<div class="turn" id="turn-{turn}"><button class="copy" data-md="{_e(render_markdown(ans))}">'
             f'Copy · 复制</button><div class="q">{_e(ans.question)}</div>']
    if ans.understood_as:
        parts.append(f'<div class="understood">{_e(labels["understood"])}{_e(ans.understood_as)}</div>')
    if ans.notice:
        parts.append(f'<div class="notice">{_e(ans.notice)}</div>')
    if isinstance(ans, followup.WhichSubject):  # asks back: no answer, no "not found"
        parts.append(f'<div class="a which-subject">{_e(ans.answer)}')
    elif ans.abstained:
        # the first line says what the documents hold and lack (the verification stage), or "not found"
        parts.append(f'<div class="a abstained"><div class="notfound">{_e(ans.answer.splitlines()[0])}</div>')
        if ans.related:
            parts.append(f'<div class="related">{_e(labels["related"])}<ol>')
            parts += [f"<li>{quote(c)}</li>" for c in ans.related]
            parts.append("</ol></div>")
    else:
        conf = getattr(ans, "confidence", None)
        doubtful = conf is not None and conf < SURE
        parts.append(f'<div class="a answered{" doubtful" if doubtful else ""}">')
        if conf is not None:
            label = "doubtful · 存疑 · " if doubtful else ""
            parts.append(f'<div class="confidence">{label}confidence {conf:.0%}</div>')
        if ans.short_answer:  # already in the answer's script
            parts.append(f'<div class="short">{_e(ans.short_answer)}</div>')
        if ans.table:  # computed from the figure table: what was done, then each row cited
            marks = re.compile(r"\[(\d+)\]")

            def linked(line: str) -> str:
                return marks.sub(lambda m: f'<a class="cite" href="#src-{turn}-{m.group(1)}">[{m.group(1)}]</a>',
                                 _e(line))

            parts.append(f'<div class="table-answer"><div class="head">{linked(ans.table[0])}</div><ul>'
                         + "".join(f"<li>{linked(line)}</li>" for line in ans.table[1:]) + "</ul></div>")
        else:
            parts.append('<div class="quotes">' + " ".join(quote(c) for c in ans.citations) + "</div>")
        parts.append(_cross_check(turn, ans))
    parts.append(_source_lines(turn, all_citations(ans), by_name) + "</div></div>")
    return "".join(parts)


def render_markdown(ans: Answer) -> str:
    """One question and its answer as Markdown, with every citation's title, date, outlet and
    location: what "Copy" and the conversation export give."""
    notice = "".join(f"\n_{x}_\n" for x in (
        ans.understood_as and LABELS[ans.lang]["understood"] + ans.understood_as, ans.notice) if x)
    sources = format_sources(ans)
    return f"## {ans.question}\n{notice}\n{ans.answer}\n" + (f"\n{sources}\n" if sources else "")


def export_markdown(turns: list[dict], title: str) -> str:
    """The conversation as one Markdown document."""
    return f"# {title}\n\n" + "\n".join(t["md"] for t in turns)


def _marked(c, span: dict | None, script: str, lang: str) -> str:
    """A quote (its source in ``script``) shown in ``lang``, escaped, with the short answer
    marked where it stands: by its offsets in the document, when it lies in this quote."""
    if not span or span["doc"] != c.doc or not c.start <= span["start"] < span["end"] <= c.end:
        return _e(in_script(c.quote, script, lang))
    a, b = span["start"] - c.start, span["end"] - c.start
    before, short, after = (in_script(x, script, lang) for x in (c.quote[:a], c.quote[a:b], c.quote[b:]))
    return f'{_e(before)}<strong class="ans">{_e(short)}</strong>{_e(after)}'


def _location(c, doc) -> str:
    """Where a citation stands in its document: paragraph, page of a PDF, characters."""
    para = doc.text.count("\n", 0, c.start) + 1
    return f"¶{para}" + (f" · p. {c.page}" if c.page else "") + f" · {c.start}–{c.end}"


def _source_lines(turn: int, cites: list, by_name: dict) -> str:
    """One line per cited document (title, date, outlet, byline), with a link to each of its citations
    and where each stands."""
    groups: dict[str, list] = {}
    for c in cites:
        groups.setdefault(c.doc, []).append(c)
    lines = []
    for name, cs in groups.items():
        marks = "".join(f"[{c.n}]" for c in cs)
        meta = " · ".join(_e(x) for x in (cs[0].title, cs[0].date, cs[0].outlet, cs[0].byline) if x) or _e(name)
        where = "; ".join(f'<a href="#src-{turn}-{c.n}">[{c.n}] {_e(_location(c, by_name[name]))}</a>' for c in cs)
        lines.append(f"<li>{marks} {meta} — {where}</li>")
    return '<ul class="srcline">' + "".join(lines) + "</ul>"


def _cross_check(turn: int, ans: Answer) -> str:
    """What other reports say of the short answer's figure: a different value is flagged, the
    same value counted; each is a link to its source."""
    labels = LABELS[ans.lang]

    def link(o) -> str:
        return f'<a class="cite" href="#src-{turn}-{o.citation.n}">[{o.citation.n}]</a>'

    out = []
    if ans.differs:
        items = "；".join(f"<b>{_e(o.figure)}</b>{link(o)}{_e(source_note(o.citation.outlet, o.citation.date))}"
                         for o in ans.differs)
        out.append(f'<div class="differs">{_e(labels["differ"])}{items}</div>')
    if ans.confirmed_by:
        out.append(f'<div class="confirmed">{_e(labels["agree"].format(n=len(ans.confirmed_by)))}'
                   + "".join(link(o) for o in ans.confirmed_by) + "</div>")
    return "".join(out)


def render_sources(turn: int, ans: Answer, index: Index) -> str:
    """The cited passages of one turn in their original script, the quoted sentence marked at its
    exact offsets, with the sentences around it for context."""
    out = [f'<div class="turn-head">{_e(ans.question)}</div>']
    for c in all_citations(ans):
        doc = index.by_name[c.doc]
        i = next((s.index for s in doc.sentences if s.start <= c.start < s.end), 0)
        a = doc.sentences[max(0, i - 1)].start if doc.sentences else c.start
        b = doc.sentences[min(len(doc.sentences) - 1, i + 1)].end if doc.sentences else c.end
        a, b = min(a, c.start), max(b, c.end)
        out.append(
            f'<div class="src" id="src-{turn}-{c.n}"><div class="meta">[{c.n}] {_meta(c)} · '
            f'{_e(c.doc)} {_e(_location(c, doc))}<a class="back" href="#turn-{turn}">↩ answer</a></div>'
            f'<div class="passage">{_e(doc.text[a:c.start])}'
            f"<mark>{_marked(c, ans.answer_span, doc.script, doc.script)}</mark>"
            f"{_e(doc.text[c.end:b])}</div></div>")
    return "".join(out)


def local_time(stamp: str | None) -> str:
    """An ISO time as the index records it (UTC) in the server's local time, to the minute
    (``2026-12-03 20:15``); one that cannot be read is shown as it is, none as ""."""
    from datetime import datetime

    try:
        return datetime.fromisoformat(stamp).astimezone().strftime("%Y-%m-%d %H:%M")
    except (TypeError, ValueError):
        return stamp or ""


def status_line(index: Index) -> str:
    """The header: what the index holds and when it was built (local time)."""
    m = index.manifest
    counts = m.get("counts", {})
    return (f"**{counts.get('documents', '?')}** documents · **{counts.get('chunks', '?')}** chunks · "
            f"model `{m.get('model_id')}` · built {local_time(m.get('created_at')) or '?'}")


FIGURE_COLUMNS = ["subject", "metric", "figure", "value", "period", "date", "outlet", "document", "at"]
# Widths of the table's columns: a narrow screen scrolls the table sideways (CSS #f-table).
FIGURE_WIDTHS = ["200px", "110px", "110px", "130px", "70px", "100px", "120px", "220px", "90px"]


def figure_rows(index: Index, subject: str = "", metric: str = "", year: str = "") -> list:
    """The figure table's rows for the Figures tab, by entity (each subject its entity's fullest
    name; the subject filter matches any of its aliases): metric contains the given words (either
    script), and the period or the document's date is in ``year``."""
    from rag.entities import figure_query

    if index.figures_path is None:
        return []
    subject, metric, year = ((x or "").strip() for x in (subject, metric, year))
    rows = figure_query(index.figures_path, subject or None, metric or None)
    return [r for r in rows if not year or r.period == year or (r.date or "").startswith(year)]


def figure_frame(rows: list):
    """The rows as the Figures tab's table (sortable by any column in the browser): each figure as
    written (10.3亿元) and its normalised value in a readable unit (近300亩 -> 300亩)."""
    import pandas as pd

    from rag.aggregate import format_value

    return pd.DataFrame([[r.subject, r.metric, r.text, "" if r.value is None else format_value(r.value, r.unit),
                          r.period, r.date, r.outlet, r.doc, f"{r.start}-{r.end}"] for r in rows],
                        columns=FIGURE_COLUMNS)


def figure_csv(rows: list) -> Path:
    """The rows in a new CSV file for the Figures tab's export: the bytes `rag figures --csv` prints."""
    from rag.facts import to_csv

    path = Path(tempfile.mkdtemp(prefix="figures-")) / "figures.csv"
    path.write_bytes(to_csv(rows))
    return path


MAX_PLOTTED = 20  # subjects in the bar chart


def figure_plot(rows: list) -> tuple:
    """The charts' data, for the most common metric among ``rows`` (in 亿元 for money): each
    single subject's newest figure, largest first; each single subject's dated figures by date
    (one line per subject); and that metric with its unit."""
    import pandas as pd

    from rag.aggregate import is_single, metric_group

    metrics = [metric_group(r.metric) for r in rows if r.metric and r.value is not None]
    if not metrics:
        return pd.DataFrame({"subject": [], "value": []}), pd.DataFrame({"date": [], "value": [], "subject": []}), ""
    metric = max(set(metrics), key=metrics.count)
    same = [r for r in rows if r.metric and metric_group(r.metric) == metric and r.value is not None]
    unit = max({r.unit for r in same}, key=lambda u: sum(r.unit == u for r in same))
    scale, shown = (1e8, "亿元") if unit == "元" else (1, unit or "")
    newest: dict[str, object] = {}
    for r in sorted((r for r in same if r.unit == unit), key=lambda r: r.date or ""):
        if is_single(r):
            newest[match_form(r.subject)] = r
    bars = sorted(newest.values(), key=lambda r: -r.value)[:MAX_PLOTTED]
    plotted = {match_form(r.subject) for r in bars}
    dated = sorted((r for r in same if r.unit == unit and r.date and is_single(r)
                    and match_form(r.subject) in plotted), key=lambda r: r.date)
    line = pd.DataFrame({"date": pd.to_datetime([r.date for r in dated], format="ISO8601"),
                         "value": [round(r.value / scale, 6) for r in dated],
                         "subject": [newest[match_form(r.subject)].subject for r in dated]})
    return (pd.DataFrame({"subject": [r.subject for r in bars], "value": [round(r.value / scale, 6) for r in bars]}),
            line, f"{metric}（{shown}）")


def figure_passage(index: Index, rows: list, doc: str, at: str) -> str:
    """The sentence a row of the table comes from, the figure marked, with its source line."""
    row = next((r for r in rows if r.doc == doc and f"{r.start}-{r.end}" == at), None)
    if row is None:
        return ""
    d = index.documents.get(row.doc_id)
    if d is None or row.sentence >= len(d.sentences):
        return ""
    s = d.sentences[row.sentence]
    page = d.page_at(row.start)
    meta = " · ".join(x for x in (d.title, d.date, d.outlet, f"{d.name}" + (f" p. {page}" if page else ""),
                                  f"[{s.start}–{s.end}]") if x)
    return (f'<div class="src"><div class="meta">{_e(meta)}</div><div class="passage">'
            f"{_e(d.text[s.start:row.start])}<mark>{_e(d.text[row.start:row.end])}</mark>"
            f"{_e(d.text[row.end:s.end])}</div></div>")


HEADER = "## 产业园区与项目问答 · Industrial parks Q&A\n"
NO_LIBRARY = "Adding documents needs the server to know its documents folder: `rag serve --docs FOLDER`."
WELCOME = ('<div class="turn">Ask about parks, projects and their figures: answers are quoted from the '
           'documents, with sources.</div>')


DOC_COLUMNS = ["file", "title", "date", "outlet", "script", "format", "pages", "chunks", "added"]


# Documents listed in a choice list or the library table. Every listed document costs the page
# about 340 bytes per list (10,000 documents made a 3.4 MB page), so a library of 100,000 would
# send tens of megabytes; beyond this many, the user types a name or uses Find.
LISTED_MAX = 1000


def document_choices(index: Index) -> list[tuple[str, str]]:
    """The first ``LISTED_MAX`` documents as (label, file name), by name: the document filter's choices."""
    return [(f"{d.title or d.name} ({d.name})", d.name) for d in index.table.listing(LISTED_MAX)]


def document_rows(index: Index, find: str = "") -> list[list]:
    """The Documents tab's table: one row per document whose name or title holds ``find``, the
    first ``LISTED_MAX`` by name."""
    added = index.added
    return [[d.name, d.title or "", d.date or "", d.outlet or "", d.script, d.format, d.pages or "", d.chunks,
             local_time(added.get(d.name))] for d in index.table.listing(LISTED_MAX, find)]


def library_rows(index: Index, find: str = "") -> tuple[list[list], str]:
    """The table's rows for what Find holds, and a note when they are not the whole library."""
    rows = document_rows(index, (find or "").strip())
    total = index.table.n_documents
    if total <= LISTED_MAX and len(rows) == total:
        return rows, ""
    if not rows:
        return rows, "no document's file name or title holds that"
    return rows, (f"{len(rows):,} of {total:,} documents shown (the first {LISTED_MAX:,} by name at most): "
                  f"use Find, or type a file name in the choice lists.")


def skipped_note(index: Index) -> str:
    """The files of the documents folder that were not indexed, and why."""
    skipped = index.manifest.get("skipped_files", [])
    if not skipped:
        return ""
    return "**Not indexed:** " + "; ".join(f"`{_e(x['name'])}`: {_e(x['reason'])}" for x in skipped)


def document_view(index: Index, name: str, turns: list) -> str:
    """A document's cleaned text, with the passages this conversation cited marked."""
    doc = index.by_name.get(name)
    if doc is None:
        return ""
    cites = [c for t in turns or [] if isinstance(t, dict) for c in t.get("cites", [])]
    spans = sorted({(a, b) for d, a, b in cites if d == name})
    out, at = [], 0
    for a, b in spans:
        if a < at or b > len(doc.text):
            continue  # overlapping or from an older version of the file
        out += [_e(doc.text[at:a]), f"<mark>{_e(doc.text[a:b])}</mark>"]
        at = b
    out.append(_e(doc.text[at:]))
    meta = " · ".join(x for x in (doc.title, doc.date, doc.outlet, doc.name) if x)
    return (f'<div class="src"><div class="meta">{_e(meta)} · {len(spans)} cited in this conversation</div>'
            f'<div class="passage doc-text">{"".join(out)}</div></div>')


EXPORTS = Path(tempfile.gettempdir()) / f"rag-parks-exports-{os.getpid()}"
EXPORT_DAYS = 1  # exported conversations older than this are deleted when the next one is written


def _export_file(text: str) -> Path:
    """``text`` in a file named by its content (one file per distinct conversation state); older
    exports of this process are deleted."""
    import hashlib
    import time

    EXPORTS.mkdir(exist_ok=True)
    for old in EXPORTS.iterdir():
        if old.stat().st_mtime < time.time() - EXPORT_DAYS * 86400:
            old.unlink(missing_ok=True)
    path = EXPORTS / f"conversation-{hashlib.sha256(text.encode()).hexdigest()[:16]}.md"
    path.write_text(text, encoding="utf-8")
    return path


def progress_bar(p, refused: list[str] = ()) -> str:
    """The background rebuild as a bar with its stage, or its last message when it is done; and
    the files of the last upload that were refused, with why."""
    notes = "".join(f'<div class="build failed">refused: {_e(r)}</div>' for r in refused)
    if p is None or not p.stage:
        return notes
    if not p.running:
        return f'<div class="build {"failed" if p.stage == "failed" else "done"}">{_e(p.message)}</div>' + notes
    return (f'<div class="build"><progress max="100" value="{round(p.fraction * 100)}"></progress> '
            f'{_e(p.stage)} {p.fraction:.0%}</div>' + notes)


def build_app(source: Index | LiveIndex, embedder, examples: list[str] = EXAMPLES, secret: str | None = None,
              docs_dir: Path | None = None):
    """The Gradio Blocks app over an index (a LiveIndex follows rebuilds) and an embedder.
    ``secret`` encrypts the conversation kept in the browser (default: a new one, so a restart
    forgets it). With ``docs_dir`` (the folder the index is built from) the Documents tab can add
    and remove documents; the index is rebuilt in the background and the page follows it."""
    import gradio as gr

    current = source.get if isinstance(source, LiveIndex) else (lambda: source)
    index = current()
    rebuilder = Rebuilder(Path(docs_dir), index.folder.parent, embedder) if docs_dir is not None else None

    def heading() -> str:
        """The header, from the live index."""
        return HEADER + status_line(current())

    def shown(turns: list) -> tuple:
        """The chat, the sources panel (newest turn first) and the export file of ``turns``."""
        turns = [t for t in turns or [] if isinstance(t, dict) and {"chat", "sources", "md"} <= set(t)]
        if not turns:
            return WELCOME, "", None
        text = export_markdown(turns, "rag-parks · " + status_line(current()))
        return ("".join(t["chat"] for t in turns), "".join(t["sources"] for t in reversed(turns)),
                str(_export_file(text)))

    def ask(question: str, turns: list, k: int, script: str, chosen: list[str], how: str = "combined",
            since: str = "", until: str = "", follow: bool = True):
        question = (question or "").strip()
        if not question:
            return gr.skip(), gr.skip(), turns, "", gr.skip(), gr.skip()
        index = current()
        turns = list(turns or [])
        n = max((t.get("n", -1) for t in turns), default=-1) + 1  # ids stay unique across reloads
        last = turns[-1] if turns else {}
        context = followup.Context(last.get("subject"), last.get("zone"))
        try:
            answer = answerer(how)
            ans, context = followup.ask(answer, index, embedder, question, context, follow, k=int(k),
                                        script=None if script == "auto" else script,
                                        where=scope(index, chosen or (), since, until))
            turn = {"n": n, "chat": render_turn(n, ans, index), "sources": render_sources(n, ans, index),
                    "md": render_markdown(ans), "question": question,
                    "completed": bool(ans.understood_as) or isinstance(ans, followup.WhichSubject),
                    "cites": [[c.doc, c.start, c.end] for c in all_citations(ans)]}
        except RagError as exc:
            turn = {"n": n, "chat": f'<div class="turn abstained" id="turn-{n}"><div class="q">{_e(question)}</div>'
                                    f'<div class="error">{_e(str(exc))}</div></div>',
                    "sources": "", "md": f"## {question}\n\n{exc}\n", "question": question}
        turn.update(subject=context.subject, zone=context.zone)
        turns = (turns + [turn])[-MAX_TURNS:]
        chat, sources, export = shown(turns)
        return chat, sources, turns, "", export, gr.update(visible=turn.get("completed", False))

    def undo(turns: list, k: int, script: str, chosen: list[str], how: str, since: str, until: str):
        """The last question asked again as written, in place of its completed form."""
        if not turns or not turns[-1].get("completed"):
            return gr.skip(), gr.skip(), turns, "", gr.skip(), gr.update(visible=False)
        return ask(turns[-1]["question"], turns[:-1], k, script, chosen, how, since, until, follow=False)

    def filter_figures(subject: str, metric: str, year: str):
        rows = figure_rows(current(), subject, metric, year)
        bars, line, metric = figure_plot(rows)
        chart = f" · charts: {metric}" if metric else ""
        return figure_frame(rows), bars, line, str(figure_csv(rows)), rows, f"{len(rows)} figures{chart}", ""

    def show_passage(rows: list, evt: gr.SelectData):
        values = evt.row_value or []
        if len(values) < len(FIGURE_COLUMNS):
            return ""
        return figure_passage(current(), rows, values[FIGURE_COLUMNS.index("document")],
                              values[FIGURE_COLUMNS.index("at")])

    def removed_choices() -> list[str]:
        """The removed documents that can be restored (the first ``LISTED_MAX``)."""
        return removed_documents(rebuilder.docs)[:LISTED_MAX] if rebuilder else []

    def poll_if(running: bool):
        """Start polling the rebuild, or leave the poll as it is. Only the poll itself stops it: an
        answer computed just before a rebuild was asked for can arrive after the rebuild's own
        answer, and must not stop the poll that shows its progress."""
        return gr.Timer(active=True) if running else gr.skip()

    def library_state(find: str = "", polling: bool = True):
        """The header, the document filter's choices, the table (of what Find holds) and what it
        shows, the skipped files, the names to remove and to restore, the rebuild's progress and
        the poll: stopped when ``polling`` (the poll's own tick) and no rebuild runs."""
        index = current()
        choices = document_choices(index)
        rows = library_rows(index, find)
        running = bool(rebuilder and rebuilder.progress.running)
        return (HEADER + status_line(index), gr.update(choices=choices), *rows,
                skipped_note(index), gr.update(choices=[name for _, name in choices], value=None),
                gr.update(choices=removed_choices(), value=None),
                progress_bar(rebuilder and rebuilder.progress, rebuilder.refused if rebuilder else ()),
                gr.Timer(active=running) if polling else poll_if(running))

    def add_files(files: list | None):
        if rebuilder is None:
            return f'<div class="build failed">{_e(NO_LIBRARY)}</div>', None, gr.skip()
        if not files:
            return '<div class="build failed">choose the files to add first</div>', None, gr.skip()
        saved, rebuilder.refused = [], []
        for f in files:
            path = Path(f if isinstance(f, str) else f.name)
            try:
                saved.append(save_upload(rebuilder.docs, path).name)
            except (LibraryError, OSError) as exc:
                rebuilder.refused.append(str(exc))
        if saved:
            rebuilder.request()
        added = f'<div class="build">added {_e(", ".join(saved))}; indexing…</div>' if saved else ""
        return added + progress_bar(None, rebuilder.refused), None, poll_if(bool(saved))

    def confirm_removal(name: str | None):
        """Ask before removing: the name to remove (kept until confirmed), and the question shown."""
        if rebuilder is None or not name:
            why = NO_LIBRARY if rebuilder is None else "choose a document"
            return None, gr.update(visible=False), "", f'<div class="build failed">{_e(why)}</div>'
        question = (f"Remove <b>{_e(name)}</b> from the library? It is moved to <code>"
                    f"{_e(removed_folder(rebuilder.docs).name)}</code> inside the documents folder (not indexed) and can be "
                    "restored below. · 确认删除？可在下方恢复。")
        return name, gr.update(visible=True), question, ""

    def change_library(change, name: str | None, done: str):
        """``change(docs, name)`` (a removal or a restoration), then a rebuild; what happened."""
        if not name:
            return '<div class="build failed">choose a document</div>', gr.skip()
        try:
            change(rebuilder.docs, name)
        except (LibraryError, OSError) as exc:
            return f'<div class="build failed">{_e(str(exc))}</div>', gr.skip()
        rebuilder.request()
        return f'<div class="build">{done} {_e(name)}; indexing…</div>', gr.Timer(active=True)

    def rebuild():
        """Index what the documents folder holds now (files changed outside the UI too)."""
        if rebuilder is None:
            return f'<div class="build failed">{_e(NO_LIBRARY)}</div>', gr.skip()
        rebuilder.request()
        return '<div class="build">indexing…</div>', gr.Timer(active=True)

    def view_document(turns: list, evt: gr.SelectData):
        values = evt.row_value or []
        return document_view(current(), values[0], turns) if len(values) == len(DOC_COLUMNS) else ""

    view_document.__annotations__["evt"] = gr.SelectData

    def api_ask(question: str, k: int = 8, script: str = "auto", how: str = "combined") -> dict:
        """One question answered without a conversation: the answer as `rag ask --json` gives it."""
        from dataclasses import asdict

        try:
            answer = answerer(how)
            ans = answer(current(), embedder, question, k=max(1, min(int(k), 20)),
                         script=None if script == "auto" else script)
        except RagError as exc:
            return {"question": question, "error": str(exc)}
        return asdict(ans)

    # Gradio finds the event argument by its annotation, which postponed annotations hide.
    show_passage.__annotations__["evt"] = gr.SelectData
    api_ask.__annotations__.update({"question": str, "k": int, "script": str, "how": str, "return": dict})

    with gr.Blocks(title="rag-parks · 产业园区与项目问答") as app:
        header = gr.Markdown(HEADER + status_line(index), elem_id="header")
        # The conversation lives in the browser (localStorage, encrypted with the server's secret),
        # so it survives a reload and a server restart.
        turns = gr.BrowserState([], storage_key="rag-parks-conversation", secret=secret)
        with gr.Tab("Chat", elem_id="chat-tab"):
            with gr.Row():
                with gr.Column(scale=3, min_width=320):
                    chat = gr.HTML(WELCOME, elem_id="chat")
                    with gr.Row():
                        # The box takes more than the limit, so that the server cuts an over-long
                        # question and says so, instead of the browser cutting it silently.
                        box = gr.Textbox(placeholder="输入问题 · 輸入問題 · Ask a question", show_label=False,
                                         scale=5, elem_id="question", max_length=4 * MAX_QUESTION,
                                         info=f"Up to {MAX_QUESTION} characters · 最多{MAX_QUESTION}字；"
                                              "longer questions are cut, with a notice")
                        send = gr.Button("Ask", variant="primary", scale=1, elem_id="ask")
                    undo_btn = gr.Button("Undo: ask the last question as written · 按原问题回答", size="sm",
                                         visible=False, elem_id="undo")
                    with gr.Row():
                        new = gr.Button("New conversation · 新对话", size="sm", elem_id="new")
                        export = gr.DownloadButton("Export conversation (Markdown)", size="sm", elem_id="export",
                                                   value=None)
                    gr.Markdown("Examples")
                    buttons = [gr.Button(q, size="sm", elem_classes=["example"]) for q in examples]
                    with gr.Accordion("Settings", open=False):
                        k = gr.Slider(3, 20, value=8, step=1, label="Passages retrieved")
                        script = gr.Radio(SCRIPTS, value="auto", label="Answer script")
                        how = gr.Radio(ANSWERERS, value="combined", label="Answer with", elem_id="answerer")
                        chosen = gr.Dropdown(document_choices(index), multiselect=True, value=[],
                                             allow_custom_value=True, elem_id="chosen",
                                             label="Only these documents (none chosen: all)")
                        with gr.Row():
                            since = gr.Textbox(label="Dated from · 起始日期", placeholder="YYYY, YYYY-MM or YYYY-MM-DD",
                                               elem_id="since")
                            until = gr.Textbox(label="to · 截止日期", placeholder="2024 (a year or month: all of it)",
                                               elem_id="until")
                with gr.Column(scale=2, min_width=320, elem_id="sources-col"):
                    gr.Markdown("### Sources")
                    sources = gr.HTML("", elem_id="sources")
        with gr.Tab("Figures · 数字", elem_id="figures-tab") as figures_tab:
            gr.Markdown("Every figure of the documents with its subject, metric and source. Filter, sort by "
                        "a column header, pick a row to read its sentence, export what is shown.")
            with gr.Row():
                f_subject = gr.Textbox(label="Subject contains · 主体", elem_id="f-subject")
                f_metric = gr.Textbox(label="Metric contains · 指标 (总投资, 占地, …)", elem_id="f-metric")
                f_year = gr.Textbox(label="Year · 年份", elem_id="f-year")
                f_apply = gr.Button("Filter", variant="primary", elem_id="f-apply")
            f_count = gr.Markdown("", elem_id="f-count")
            f_table = gr.Dataframe(headers=FIGURE_COLUMNS, interactive=False, elem_id="f-table", wrap=True,
                                   column_widths=FIGURE_WIDTHS)
            f_passage = gr.HTML("", elem_id="f-passage")
            f_csv = gr.DownloadButton("Export CSV", elem_id="f-csv")
            # The y axis starts at 0 (the plot would start at the smallest value, hiding its bar).
            f_bar = gr.BarPlot(x="subject", y="value", sort="-y", y_lim=[0, None], x_label_angle=-30,
                               elem_id="f-bar", label="Projects ranked by their newest figure")
            # Plots take their data only: passing a title with new data kept the old bars drawn.
            f_line = gr.LinePlot(x="date", y="value", color="subject", y_lim=[0, None], elem_id="f-line",
                                 label="Figures over time, one line per project")
            f_rows = gr.State([])
        with gr.Tab("Documents · 文档", elem_id="documents-tab") as documents_tab:
            gr.Markdown("Every indexed document; pick one to read its cleaned text with the passages cited "
                        "in this conversation marked." + ("" if rebuilder else f" {NO_LIBRARY}"))
            d_find = gr.Textbox(label="Find · 查找", placeholder="part of a file name or title, either script",
                                elem_id="d-find", max_lines=1)
            # Filled when opened (``library_state``), as the Figures tab: its "added" column is the
            # manifest's per-document part, not read at start (0.8 s at 1M chunks).
            d_table = gr.Dataframe(headers=DOC_COLUMNS, value=[], interactive=False, elem_id="d-table", wrap=True)
            d_listed = gr.Markdown("", elem_id="d-listed")
            d_skipped = gr.Markdown(skipped_note(index), elem_id="d-skipped")
            d_view = gr.HTML("", elem_id="d-view")
            with gr.Row(visible=rebuilder is not None):
                d_files = gr.File(label=f"Add documents ({', '.join(ALLOWED)}; up to {MAX_UPLOAD_MB} MB each)",
                                  file_count="multiple", file_types=list(ALLOWED), elem_id="d-files")
                with gr.Column():
                    d_add = gr.Button("Add to the library · 添加", variant="primary", elem_id="d-add")
                    # What an upload, a removal or a rebuild is doing: beside the upload box.
                    d_progress = gr.HTML(progress_bar(rebuilder and rebuilder.progress), elem_id="d-progress")
                    d_remove_name = gr.Dropdown([name for _, name in document_choices(index)],
                                                label="Remove a document · 删除", allow_custom_value=True,
                                                elem_id="d-remove-name")
                    d_remove = gr.Button("Remove · 删除", elem_id="d-remove")
                    with gr.Group(visible=False, elem_id="d-confirm") as d_confirm:
                        d_confirm_text = gr.HTML(elem_id="d-confirm-text")
                        with gr.Row():
                            d_yes = gr.Button("Yes, remove it · 确认删除", variant="stop", elem_id="d-remove-yes")
                            d_no = gr.Button("Cancel · 取消", elem_id="d-remove-no")
                    d_pending = gr.State(None)  # the name the question above is about
                    d_restore_name = gr.Dropdown(removed_choices(), label="Restore a removed document · 恢复",
                                                 allow_custom_value=True, elem_id="d-restore-name")
                    d_restore = gr.Button("Restore · 恢复", elem_id="d-restore")
                    d_rebuild = gr.Button("Rebuild from the folder · 重建索引", size="sm", elem_id="d-rebuild")
            timer = gr.Timer(1.0, active=False)
        settings = [k, script, chosen, how, since, until]
        inputs = [box, turns, *settings]
        outputs = [chat, sources, turns, box, export, undo_btn]
        box.submit(ask, inputs, outputs, api_name=False)
        gr.api(api_ask, api_name="ask")  # for programs: stateless, JSON
        send.click(ask, inputs, outputs, api_name=False)
        for b, q in zip(buttons, examples):
            b.click(lambda t, *options, q=q: ask(q, t, *options), [turns, *settings], outputs, api_name=False)
        f_outputs = [f_table, f_bar, f_line, f_csv, f_rows, f_count, f_passage]
        f_inputs = [f_subject, f_metric, f_year]
        f_apply.click(filter_figures, f_inputs, f_outputs, api_name=False)
        for t in f_inputs:
            t.submit(filter_figures, f_inputs, f_outputs, api_name=False)
        f_table.select(show_passage, [f_rows], f_passage, api_name=False)
        figures_tab.select(filter_figures, f_inputs, f_outputs, api_name=False)  # filled when opened
        new.click(lambda: (WELCOME, "", [], None, gr.update(visible=False)), None,
                  [chat, sources, turns, export, undo_btn], api_name=False)
        undo_btn.click(undo, [turns, *settings], outputs, api_name=False)
        app.load(shown, [turns], [chat, sources, export], api_name=False)  # the stored conversation
        app.load(heading, None, header, api_name=False, queue=False)  # not the one of the server's start
        lib_outputs = [header, chosen, d_table, d_listed, d_skipped, d_remove_name, d_restore_name, d_progress,
                       timer]
        # The progress box says what is happening itself: Gradio's run time ("0.3s") is not laid over it.
        quiet = {"api_name": False, "show_progress": "hidden"}
        timer.tick(library_state, [d_find], lib_outputs, **quiet)
        documents_tab.select(lambda find: library_state(find, polling=False), [d_find], lib_outputs,
                             api_name=False, show_progress_on=d_table)
        d_add.click(add_files, [d_files], [d_progress, d_files, timer], **quiet)
        d_remove.click(confirm_removal, [d_remove_name], [d_pending, d_confirm, d_confirm_text, d_progress],
                       **quiet)
        d_no.click(lambda: (None, gr.update(visible=False)), None, [d_pending, d_confirm], **quiet)
        d_yes.click(lambda name: (*change_library(remove_document, name, "removed"), gr.update(visible=False)),
                    [d_pending], [d_progress, timer, d_confirm], **quiet)
        d_restore.click(lambda name: change_library(restore_document, name, "restored"), [d_restore_name],
                        [d_progress, timer], **quiet)
        d_rebuild.click(rebuild, None, [d_progress, timer], **quiet)
        d_table.select(view_document, [turns], d_view, api_name=False)
        d_find.submit(lambda find: library_rows(current(), find), [d_find], [d_table, d_listed], api_name=False)
        for event in (box.submit, send.click):  # the header follows the live index
            event(heading, None, header, api_name=False, queue=False)
    return app


def _secret() -> str:
    """The key that encrypts conversations kept in browsers: made once, kept in the user cache so
    that a stored conversation survives a server restart."""
    import secrets

    path = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "rag-parks" / "ui-secret"
    try:
        if key := path.read_text().strip():
            return key
    except OSError:
        pass
    key = secrets.token_hex(32)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(key)
        path.chmod(0o600)
    except OSError:
        pass  # a read-only home: conversations then last until the server restarts
    return key


LOOPBACK = ("127.0.0.1", "localhost", "::1")


def read_auth(spec: str) -> list[tuple[str, str]]:
    """``USER:PASS``, or ``@FILE`` with one ``USER:PASS`` a line, as (user, password) pairs;
    ValueError with what is wrong."""
    lines = Path(spec[1:]).read_text(encoding="utf-8").splitlines() if spec.startswith("@") else [spec]
    pairs = []
    for n, line in enumerate((x.strip() for x in lines), 1):
        if not line or line.startswith("#"):
            continue
        user, sep, password = line.partition(":")
        if not sep or not user or not password:
            raise ValueError(f"expected USER:PASS{f' on line {n}' if spec.startswith('@') else ''}")
        pairs.append((user, password))
    if not pairs:
        raise ValueError("no USER:PASS given")
    return pairs


def bind_warning(host: str, port: int, auth) -> str | None:
    """What to say when a server is reachable beyond this machine without a login."""
    if host in LOOPBACK or auth:
        return None
    return (f"warning: serving on {host} without --auth: anyone who can reach port {port} can ask "
            f"questions and read the documents")


def _warm_up(index: Index, embedder) -> None:
    """Answer once by each path, so that what loads on first use (BM25, jieba, the first model
    call, the reader, the dictionary English questions use) is loaded before the first question;
    a failure is said in one line (the question that meets it gets the error)."""
    import sys

    from rag.cedict import dictionary

    try:
        for path in PATHS:
            answerer(path)(index, embedder, EXAMPLES[0])
        dictionary()
    except Exception as exc:  # noqa: BLE001 - a background thread: its traceback would reach the console
        print(f"warm-up failed ({exc}); answers will say why", file=sys.stderr, flush=True)


def serve(index_dir: Path, host: str = "127.0.0.1", port: int = 7860, auth: list[tuple[str, str]] | None = None,
          concurrency: int = CONCURRENT_ANSWERS, docs_dir: Path | None = None, store: str | None = None) -> None:
    """Load the index and model once, then serve the app until interrupted. A rebuild of the
    index folder is picked up by the next question once it is complete; no restart needed.
    ``auth``: the (user, password) pairs allowed in; ``concurrency``: answers at a time;
    ``docs_dir``: the documents folder, to add and remove documents from the UI; ``store``: where
    chunks are searched (``rag.store``; default: where the index was published)."""
    import sys

    from embeddings import get_embedder

    os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
    if warning := bind_warning(host, port, auth):
        print(warning, file=sys.stderr, flush=True)
    # The start makes a few million objects that live as long as the server (Gradio's import, the
    # index's tables); the cyclic collector would walk them again and again, during the start and the
    # first question. It is off until they exist, then they are frozen out of its sight (1M chunks:
    # the first answer 4.6 s after start, from 5.3; docs/measurements.md, "The serve floor met").
    gc.disable()
    try:
        live = LiveIndex(index_dir, store)
        live.index.search  # opened now, so a store that cannot be reached stops the start with its reason
        embedder = get_embedder(live.index.manifest["model_id"])
        app = build_app(live, embedder, secret=_secret(), docs_dir=docs_dir)
    finally:
        gc.freeze()
        gc.enable()
    # Several answers at a time (the index's lazy caches are built once under a lock); up to 64
    # requests wait in line.
    app.queue(default_concurrency_limit=concurrency, max_size=64)
    print(f"serving {index_dir} at http://{host}:{port}", flush=True)
    try:
        app.launch(server_name=host, server_port=port, share=False, show_error=False, css=CSS,
                   footer_links=[], quiet=True, max_file_size=f"{MAX_UPLOAD_MB}mb", head=JS,
                   state_session_capacity=500,  # bounds the memory held for chat histories
                   auth=auth, prevent_thread_lock=True)
    except ValueError as exc:  # Gradio could not fetch its own page in time after starting
        raise RagError(f"the chat UI at http://{host}:{port} did not answer its own start-up check "
                       f"(a proxy setting, or a machine too busy to answer in time): {exc}") from exc
    # Warmed up once the page is served, not before (2 of the 7 s to the page over the seeds): a
    # question asked at once waits for it, as it waited for the start before.
    threading.Thread(target=_warm_up, args=(live.index, embedder), name="warm-up", daemon=True).start()
    app.block_thread()
