"""PDF and Word files as lines of text per page, ready for the cleaning of ``rag/ingest.py``.

PDF goes through pdfplumber (MIT, on pdfminer.six): it gives each character's position, which the
reading order, the running headers and footers, the lines broken by the layout and the tables all
need: tables drawn with rules are found by pdfplumber, tables drawn without them by the gaps
between the characters of their lines (``unruled_tables``). pypdf (BSD) reads the same Chinese
text but only in the order the producer drew it, with no tables; PyMuPDF is AGPL. The comparison
is ``bench/pdf_ingest.py``.
DOCX goes through python-docx: paragraphs and tables in body order.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from statistics import median
from unicodedata import east_asian_width

# Where a page's lines end a sentence or a clause that the next line does not continue.
_LINE_END = "。！？!?；;：:…”」』）)"
_PAGE_NUMBER = re.compile(
    r"^[\s\-–—·•|]*(?:第\s*)?(?:\d{1,4}|[ivxlc]{1,6})\s*(?:页|頁)?"
    r"(?:\s*(?:/|／|of|共)\s*\d{1,4}\s*(?:页|頁)?)?[\s\-–—·•|]*$|^(?:page|p\.)\s*\d{1,4}\b", re.I)
_DIGITS = re.compile(r"\d+")
_CID = re.compile(r"\(cid:\d+\)")  # a glyph without a Unicode mapping, as pdfminer writes it
_UNIT_IN_HEADER = re.compile(r"^(.*?)\s*[（(]\s*([^（）()]{1,6})\s*[）)]\s*$")
_NUMBER = re.compile(r"^[+-]?\d[\d,，]*(?:\.\d+)?$")
# A figure in a cell: a number with the unit written after it, if any (4.6亿元, 88亩, 12.4%).
_FIGURE = re.compile(r"^[+-]?\d[\d,，]*(?:\.\d+)?\s*[^\d\s，,。；;：:]{0,4}$")
_YEAR_LABEL = re.compile(r"^(?:19|20)\d{2}\s*年度?$")  # a figure that heads a column (2023年)
FURNITURE_SHARE = 0.5  # a line at the top or bottom of at least this share of pages is furniture
FURNITURE_CHARS = 40  # running headers and footers are short; a repeated paragraph is not one
GUTTER_MIN_WIDTH = 8.0  # points of empty page between two columns
# A page whose Han text reads this poorly (share of characters inside dictionary words, after t2s;
# Chinese prose measures 0.57-0.89 on the five seeds) is re-read with pypdf, which decodes the
# predefined CJK CMaps of fonts that carry no Unicode map (pdfminer turns those into other Han
# characters). pypdf's text replaces it when it reads better by READABLE_GAIN.
READABLE_MIN, READABLE_GAIN = 0.3, 0.2
MARGIN_CHARS = 3  # a line ending this many characters short of its column's margin still reaches it
MIN_COLUMN_ROWS = 3  # rows with text on both sides of a gutter before a page counts as two columns
# A table drawn without rules: a gap of CELL_GAP_EM font sizes inside a line of a PDF separates two
# cells, as a run of two spaces or a tab does in plain text (a space is 0.2-0.28 of the size in
# the common Latin and CJK fonts); a header of labels of at most LABEL_CHARS characters heads at
# least MIN_TABLE_ROWS lines of cells of at most CELL_CHARS.
CELL_GAP_EM = 0.4
LABEL_CHARS, CELL_CHARS = 10, 30
MIN_TABLE_ROWS = 2


class FormatError(ValueError):
    """The file cannot be read as its format; the message is the build report's reason."""


@dataclass
class Pages:
    """A document's text as lines per page, and what its own metadata says."""

    lines: list[list[str]]
    title: str | None = None
    date: str | None = None
    author: str | None = None
    warnings: list[str] = field(default_factory=list)


# --- tables ---------------------------------------------------------------------------------

def _figure_only(cell: str) -> bool:
    """Whether a cell is a figure that cannot head a column (a year, 2023年, can)."""
    return bool(_FIGURE.match(cell)) and not _YEAR_LABEL.match(cell)


def table_rows(rows: list[list[str | None]]) -> list[str]:
    """A table as sentences that keep each figure next to its row and column labels.

    With a header row, ``项目 | 总投资（亿元） | 占地（亩）`` over ``风机厂 | 10.3 | 92`` reads
    ``风机厂：总投资10.3亿元，占地92亩。``: a unit written in the header follows a bare number, and a
    figure written with its unit (``10.3亿元``) follows its label as it is. Without a header (no row
    of labels above figures), each row's cells are joined in order.
    """
    cells = [[" ".join((c or "").split()) for c in row] for row in rows if any((c or "").strip() for c in row)]
    if not cells:
        return []
    head = cells[0]
    # A header names its columns: no figure in it but years (a first row of 总投资 | 5亿元 is a
    # row of a two-column table of labels and values).
    has_header = len(cells) > 1 and all(head) and not any(map(_figure_only, head)) and any(
        _FIGURE.match(c) for row in cells[1:] for c in row[1:])
    if not has_header:
        return ["，".join(c for c in row if c) + "。" for row in cells]
    out = []
    for row in cells[1:]:
        parts = []
        for label, value in zip(head[1:], row[1:]):
            if not value:
                continue
            m = _UNIT_IN_HEADER.match(label)
            if m and _NUMBER.match(value):
                parts.append(f"{m.group(1)}{value}{m.group(2)}")
            else:
                parts.append(f"{label}{value}" if _FIGURE.match(value) else f"{label}：{value}")
        if row[0] and parts:
            out.append(f"{row[0]}：{'，'.join(parts)}。")
        elif parts or row[0]:
            out.append("，".join(parts or [row[0]]) + "。")
    return out


Cell = tuple[str, float, float]  # a cell's text and its left and right edges on its line
_CLAUSE = re.compile(r"[。！？；;，]")  # prose: a cell of a table holds no clause


def _char_cells(chars: list[dict]) -> list[Cell]:
    """A PDF text line as cells: its characters split where the empty space between two is at
    least CELL_GAP_EM times the font size; inside a cell, a gap between Latin words is a space."""
    from pdfplumber.utils import DEFAULT_X_TOLERANCE

    cells: list[Cell] = []
    for c in chars:
        if not c["text"].strip():
            continue
        gap = c["x0"] - cells[-1][2] if cells else None
        if gap is None or gap >= CELL_GAP_EM * c["size"]:
            cells.append((c["text"], c["x0"], c["x1"]))
        else:
            text = cells[-1][0]
            text = _joined(text, c["text"]) if gap > DEFAULT_X_TOLERANCE else text + c["text"]
            cells[-1] = (text, cells[-1][1], c["x1"])
    return cells


def text_cells(line: str) -> list[Cell]:
    """A line of plain text as cells separated by tabs or by runs of two spaces or more. The edges
    are display columns (a Han character is two); where a tab stop falls depends on the font, so
    in a line with tabs they are the cell's rank on its line."""
    if "\t" in line:
        cells = [t.strip() for t in line.split("\t") if t.strip()]
        return [(text, k, k + 0.5) for k, text in enumerate(cells)]
    return [(m.group(), _width(line[:m.start()]), _width(line[:m.end()]))
            for m in re.finditer(r"\S+(?: \S+)*", line)]


def _aligned(rows: list[list[Cell]]) -> bool:
    """Whether lines read as rows of one table: as many short cells in each, and each column
    ending, on every line, before the next column starts on any (cells aligned left, right or
    centred all leave the gap between columns clear)."""
    n = len(rows[0])
    if any(len(r) != n or any(len(c[0]) > CELL_CHARS or _CLAUSE.search(c[0]) for c in r) for r in rows):
        return False
    return all(max(r[k - 1][2] for r in rows) < min(r[k][1] for r in rows) for k in range(1, n))


def unruled_tables(rows: list[list[Cell]]) -> dict[int, int]:
    """Where a page's lines, given as cells, hold tables drawn without rules: first line -> the
    line after the last. A table is a header of at least two labels (short, no figure but a
    year) over at least MIN_TABLE_ROWS lines ``_aligned`` with it. Prose lines are one cell, or
    hold clauses, so they do not qualify."""
    found: dict[int, int] = {}
    i = 0
    while i < len(rows):
        head, end = [c[0] for c in rows[i]], i + 1
        if len(head) >= 2 and all(len(c) <= LABEL_CHARS and not _figure_only(c) for c in head):
            while end < len(rows) and _aligned(rows[i:end + 1]):
                end += 1
        if end - i > MIN_TABLE_ROWS:
            found[i] = end
            i = end
        else:
            i += 1
    return found


# --- PDF ------------------------------------------------------------------------------------

def _joined(a: str, b: str) -> str:
    """Two pieces of one broken line: a space only between two Latin words."""
    return f"{a} {b}" if a[-1:].isascii() and a[-1:].isalnum() and b[:1].isascii() and b[:1].isalnum() else a + b


def _join_lines(lines: list[dict], right: float) -> list[str]:
    """Rejoin lines that the layout broke inside a paragraph: a line that reaches the right margin
    of its column (``right``) and does not end a sentence continues on the next one. "Reaches"
    allows MARGIN_CHARS characters of slack: a number or a Latin word that did not fit moves
    whole to the next line. A table drawn without rules (``unruled_tables``; a line's cells are
    ``cells`` or else made of its ``chars``) is read as ``table_rows``."""
    if not lines:
        return []
    size = median(ln["bottom"] - ln["top"] for ln in lines)
    cells = [ln["cells"] if "cells" in ln else _char_cells(ln["chars"]) for ln in lines]
    tables = unruled_tables(cells)
    out: list[str] = []
    carry = False
    end = 0
    for i, ln in enumerate(lines):
        if i in tables:
            end = tables[i]
            out += table_rows([[c[0] for c in row] for row in cells[i:end]])
            carry = False
        if i < end:
            continue
        text = ln["text"].strip()
        if not text:
            continue
        out[-1:] = [_joined(out[-1], text)] if carry and out else out[-1:] + [text]
        carry = ln["x1"] >= right - MARGIN_CHARS * size and text[-1] not in _LINE_END
    return out


def _width(text: str) -> int:
    """Display width: a Han character is two columns."""
    return sum(2 if east_asian_width(ch) in "WF" else 1 for ch in text)


def _join_plain(lines: list[str]) -> list[str]:
    """``_join_lines`` without positions: a line's width is its display width (a Han character is
    two columns), and the margin is the widest line's."""
    right = max((_width(ln) for ln in lines), default=0)
    return _join_lines([{"text": ln, "x1": _width(ln), "top": 0, "bottom": 2, "cells": text_cells(ln)}
                        for ln in lines], right)


def _rows(words: list[dict]) -> list[list[dict]]:
    """Words grouped into rows by their top edge."""
    rows: list[list[dict]] = []
    for w in sorted(words, key=lambda w: (w["top"], w["x0"])):
        if rows and abs(rows[-1][0]["top"] - w["top"]) <= 2:
            rows[-1].append(w)
        else:
            rows.append([w])
    return rows


def _gutter(words: list[dict], x0: float, x1: float) -> float | None:
    """The x of the gutter between two columns of text, if the block has one: the middle of the
    widest stretch of the page's middle that at least MIN_COLUMN_ROWS rows leave empty between
    two wide runs of text. Rows of short labels and values (an unruled table) have gaps too,
    but not between wide runs, so they do not count."""
    wide = 0.25 * (x1 - x0)
    gaps = []
    for row in _rows(words):
        row = sorted(row, key=lambda w: w["x0"])
        for k in range(1, len(row)):
            left, right = row[:k], row[k:]
            a, b = max(w["x1"] for w in left), min(w["x0"] for w in right)
            if (b - a >= GUTTER_MIN_WIDTH and a - min(w["x0"] for w in left) >= wide
                    and max(w["x1"] for w in right) - b >= wide):
                gaps.append((a, b))
    if len(gaps) < MIN_COLUMN_ROWS:
        return None
    lo, hi = x0 + 0.3 * (x1 - x0), x0 + 0.7 * (x1 - x0)
    best_x, best_n, x = None, 0, lo
    while x <= hi:
        n = sum(a < x < b for a, b in gaps)
        if n > best_n:
            best_x, best_n = x, n
        x += 1.0
    if best_n < MIN_COLUMN_ROWS:
        return None
    common = [(a, b) for a, b in gaps if a < best_x < b]
    return (max(a for a, _ in common) + min(b for _, b in common)) / 2


def _block_lines(page, bbox: tuple[float, float, float, float], right: float) -> list[str]:
    """The text of one block of a page in reading order: a two-column stretch is read left column
    first; rows that cross the gutter (titles, full-width paragraphs) split the stretches.
    ``right`` is the page's right margin (a block of a few short lines has none of its own)."""
    block = page.within_bbox(bbox)
    words = block.extract_words()
    if not words:
        return []
    gx = _gutter(words, bbox[0], bbox[2])
    if gx is None:
        return _join_lines(block.extract_text_lines(), right)
    # The right margin of each column, and of the full width.
    margin = {(bbox[0], gx): max((w["x1"] for w in words if w["x1"] <= gx), default=gx),
              (gx, bbox[2]): max((w["x1"] for w in words if w["x0"] >= gx), default=bbox[2]),
              (bbox[0], bbox[2]): right}
    out: list[str] = []
    bands: list[tuple[bool, float, float]] = []  # (full width, top, bottom)
    for row in _rows(words):
        full = any(w["x0"] < gx < w["x1"] for w in row)
        top, bottom = min(w["top"] for w in row), max(w["bottom"] for w in row)
        if bands and bands[-1][0] == full:
            bands[-1] = (full, bands[-1][1], bottom)
        else:
            bands.append((full, top, bottom))
    for full, top, bottom in bands:
        y0, y1 = max(bbox[1], top - 1), min(bbox[3], bottom + 1)
        parts = [(bbox[0], gx), (gx, bbox[2])] if not full else [(bbox[0], bbox[2])]
        for a, b in parts:
            out += _join_lines(page.within_bbox((a, y0, b, y1)).extract_text_lines(), margin[a, b])
    return out


def _page_lines(page) -> tuple[list[str], bool]:
    """A page's lines in reading order, with its ruled tables read as rows where they stand;
    and whether the page has text at all (False for a scanned page)."""
    if not page.chars:
        return [], False
    x0, top, x1, bottom = page.bbox
    tables = sorted(page.find_tables(), key=lambda t: t.bbox[1])
    text_page = page
    for t in tables:
        text_page = text_page.outside_bbox(t.bbox)
    right = max((c["x1"] for c in text_page.chars), default=x1)
    lines: list[str] = []
    y = top
    for t in tables:
        if t.bbox[1] > y:
            lines += _block_lines(text_page, (x0, y, x1, t.bbox[1]), right)
        lines += table_rows(t.extract())
        y = max(y, t.bbox[3])
    if y < bottom:
        lines += _block_lines(text_page, (x0, y, x1, bottom), right)
    return [_CID.sub("", ln) for ln in lines], True


def readability(text: str) -> float | None:
    """The share of a text's Han characters that fall inside words of jieba's dictionary (after
    OpenCC t2s): high for Chinese prose, near 0 for characters decoded through a wrong map.
    None for text with fewer than 20 Han characters."""
    from .textnorm import HAN, match_form, quiet_jieba

    jieba = quiet_jieba()
    text = match_form(text)
    han = len(re.findall(f"[{HAN}]", text))
    if han < 20:
        return None
    words = jieba.lcut(text)
    inside = sum(len(w) for w in words if len(w) > 1 and jieba.dt.FREQ.get(w) and re.fullmatch(f"[{HAN}]+", w))
    return inside / han


def _better_decoding(path: Path, pages: list[list[str]]) -> tuple[list[int], list[int]]:
    """Replace, in place, the pages whose text reads poorly with pypdf's text where that reads
    better; returns the pages (1-based) replaced and those that still read poorly."""
    scores = [readability("".join(lines)) for lines in pages]
    poor = [k for k, r in enumerate(scores) if r is not None and r < READABLE_MIN]
    if not poor:
        return [], []
    import pypdf

    replaced = []
    try:
        reader = pypdf.PdfReader(path)
        for k in poor:
            text = reader.pages[k].extract_text() or ""
            other = readability(text)
            if other is not None and other >= scores[k] + READABLE_GAIN:
                pages[k] = _join_plain([ln.strip() for ln in text.split("\n") if ln.strip()])
                replaced.append(k + 1)
    except Exception:  # pypdf cannot read it either: keep pdfplumber's text, the warning says so
        pass
    return replaced, [k + 1 for k in poor if k + 1 not in replaced]


def _furniture_key(line: str) -> str:
    return _DIGITS.sub("#", "".join(line.split()))


def drop_furniture(pages: list[list[str]]) -> list[list[str]]:
    """Drop page numbers and running headers/footers: lines among the first or last two of a page
    that repeat (digits aside) at the top or bottom of at least FURNITURE_SHARE of the pages."""
    edge = [set(_furniture_key(ln) for ln in p[:2] + p[-2:] if len(ln) <= FURNITURE_CHARS) for p in pages]
    counts: dict[str, int] = {}
    for keys in edge:
        for k in keys:
            counts[k] = counts.get(k, 0) + 1
    need = max(2, FURNITURE_SHARE * len(pages))
    running = {k for k, n in counts.items() if n >= need}
    out = []
    for p in pages:
        n = len(p)
        out.append([ln for i, ln in enumerate(p)
                    if not ((i < 2 or i >= n - 2) and (_furniture_key(ln) in running or _PAGE_NUMBER.match(ln)))])
    return out


def join_pages(pages: list[list[str]]) -> list[list[str]]:
    """Rejoin a paragraph cut by a page break: the next page's first line is appended to a page's
    last line when that line is long and does not end a sentence. The joined text stays on the
    page where it starts, so a citation names the page its quote begins on."""
    out = [list(p) for p in pages]
    for k in range(len(out) - 1):
        nxt = next((j for j in range(k + 1, len(out)) if out[j]), None)
        if out[k] and nxt is not None and out[k][-1][-1] not in _LINE_END and len(out[k][-1]) >= 20:
            out[k][-1] = _joined(out[k][-1], out[nxt].pop(0))
    return out


def _pdf_date(raw: str | None) -> str | None:
    m = re.match(r"D?:?(\d{4})(\d{2})(\d{2})", raw or "")
    return f"{m.group(1)}-{m.group(2)}-{m.group(3)}" if m and 1 <= int(m.group(2)) <= 12 else None


def _meta_title(raw) -> str | None:
    """A document property title, unless it is a producer's placeholder or a file name."""
    title = " ".join(str(raw or "").split())
    if not title or re.search(r"^(?:microsoft \w+ - |untitled|无标题|無標題)|\.\w{2,4}$", title, re.I):
        return None
    return title


def read_pdf(path: Path) -> Pages:
    """The text of a PDF's pages. Raises FormatError for a file pdfplumber cannot open and for a
    PDF without a text layer (OCR is not supported); scanned pages among text pages are warned of."""
    import pdfplumber

    try:
        pdf = pdfplumber.open(path)
    except Exception as exc:  # pdfminer raises many unrelated types for broken files
        raise FormatError(f"not a readable PDF ({type(exc).__name__}: {exc})") from exc
    with pdf:
        info = pdf.metadata or {}
        pages, scanned = [], []
        for page in pdf.pages:
            try:
                lines, has_text = _page_lines(page)
            finally:
                page.close()  # drop the page's parsed objects: memory stays flat in page count
            pages.append(lines)
            if not has_text:
                scanned.append(page.page_number)
    if len(scanned) == len(pages):
        raise FormatError("no text layer (a scanned PDF?); OCR is not supported")
    warnings = [f"pages {', '.join(map(str, scanned))} have no text layer (scanned?); "
                "OCR is not supported, so they are not indexed"] if scanned else []
    redone, poor = _better_decoding(path, pages)
    if redone:
        warnings.append(f"pages {', '.join(map(str, redone))}: a font without a Unicode map, read "
                        "with pypdf (no table or column layout)")
    if poor:
        warnings.append(f"pages {', '.join(map(str, poor))} read as garbled text (fonts without a Unicode map?)")
    return Pages(join_pages(drop_furniture(pages)), _meta_title(info.get("Title")),
                 _pdf_date(info.get("CreationDate")), info.get("Author") or None, warnings)


# --- DOCX -----------------------------------------------------------------------------------

def read_docx(path: Path) -> Pages:
    """The paragraphs and tables of a Word file, in body order, as one page."""
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        doc = docx.Document(str(path))
    except Exception as exc:  # a damaged file raises from python-docx, zipfile or lxml
        raise FormatError(f"not a readable Word file ({type(exc).__name__}: {exc})") from exc
    lines: list[str] = []
    for child in doc.element.body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            lines += Paragraph(child, doc).text.split("\n")
        elif tag == "tbl":
            lines += table_rows([[cell.text for cell in row.cells] for row in Table(child, doc).rows])
    props = doc.core_properties
    # Word sets "modified" on every save; "created" is often the template's date.
    saved = props.modified.date().isoformat() if props.modified else None
    return Pages([lines], _meta_title(props.title), saved, props.author or None)
