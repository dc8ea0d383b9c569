"""A generated fault corpus through the real `rag build` command (fake model): every file is either
indexed, with its known sentence intact, or reported with a specific reason; nothing is dropped."""

import json
import os
import sys
import zipfile

import pytest

from bench.common import measured
from rag.index import load_index
from rag.textnorm import match_form

pytestmark = pytest.mark.slow
KNOWN = "示例高新区新开工重大项目42个，总投资318.5亿元，年产能200台套，开工率达83.3%。"
TRAD = "臨港區行政審批服務局把審批時間整體壓縮了60%以上，開工率達83.3%。"
HEAD = "示例园区项目建设提速\n2024-04-02 来源：示例日报\n"


def _article(sentence: str) -> str:
    return HEAD + (sentence + "项目建设现场一派繁忙景象，工人们正在加紧施工。\n") * 3


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = tmp_path_factory.mktemp("faults")
    docs = root / "docs"
    (docs / "nested" / "deeper").mkdir(parents=True)
    outside = root / "outside.txt"
    outside.write_text(_article(KNOWN), encoding="utf-8")
    files = {
        "utf8.txt": _article(KNOWN).encode("utf-8"),
        "utf8-bom.txt": b"\xef\xbb\xbf" + _article(KNOWN).replace("318.5", "318.6").encode("utf-8"),
        "gb18030.txt": _article(KNOWN).replace("318.5", "318.7").encode("gb18030"),
        "big5.txt": ("示例園區項目建設提速\n2024-04-02 來源：示例日報\n" + (TRAD + "\n") * 3).encode("big5"),
        "utf16le.txt": b"\xff\xfe" + _article(KNOWN).replace("318.5", "318.8").encode("utf-16-le"),
        "utf16be.txt": b"\xfe\xff" + _article(KNOWN).replace("318.5", "318.9").encode("utf-16-be"),
        "crlf-mixed.txt": _article(KNOWN).replace("318.5", "319.1").replace("\n", "\r\n", 2).encode(),
        "nested/deeper/inner.md": ("# 园区\n\n" + _article(KNOWN).replace("318.5", "319.2")).encode(),
        "empty.txt": b"", "blank.txt": b" \n\t\r\n   \n",
        "nul.txt": b"\x00" * 10 + _article(KNOWN).replace("318.5", "319.3").encode() + b"\x00\x00",
        "image.txt": b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8, "photo.png": b"\x89PNG\r\n\x1a\n",
        "boiler.txt": "首页 新闻 财经 科技 图片 视频\n分享到：\n责任编辑：王五\n阅读量：1024\n".encode(),
        "copy-of-utf8.txt": _article(KNOWN).encode("utf-8"), "data.xyz": b"whatever", "README": b"x",
    }
    for name, data in files.items():
        (docs / name).write_bytes(data)
    with zipfile.ZipFile(docs / "archive.txt", "w") as z:
        z.writestr("a.txt", _article(KNOWN))
    with open(docs / "huge.txt", "wb") as f:  # 50 MB of text
        f.write((_article(KNOWN) * 2000).encode()[: 50 * 1024 * 1024].ljust(50 * 1024 * 1024, b" "))
    os.symlink(outside, docs / "escape.txt")
    os.symlink(docs / "loop-b.txt", docs / "loop-a.txt")
    os.symlink(docs / "loop-a.txt", docs / "loop-b.txt")
    os.symlink(docs / "utf8.txt", docs / "inside-link.txt")
    # Peak memory of the build process itself.
    out, _, peak_mb = measured([sys.executable, "-m", "rag.cli", "build", "--docs", str(docs), "--index",
                                str(root / "idx"), "--model", "fake", "--json"], timeout=600)
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout), load_index(root / "idx"), files, peak_mb


def test_every_file_is_indexed_or_reported(built):
    report, index, files, _ = built
    indexed = {d.name for d in index.documents.values()}
    skipped = {s["name"]: s["reason"] for s in report["skipped"]}
    every = set(files) | {"archive.txt", "huge.txt", "escape.txt", "loop-a.txt", "loop-b.txt",
                          "inside-link.txt"}
    assert indexed | set(skipped) == every and not indexed & set(skipped)
    # Three names for the same bytes: the first in sorted order is indexed, the others reported.
    assert indexed == {"copy-of-utf8.txt", "utf8-bom.txt", "gb18030.txt", "big5.txt", "utf16le.txt",
                       "utf16be.txt", "crlf-mixed.txt", "nested/deeper/inner.md", "nul.txt"}
    expected = {
        "empty.txt": "empty file", "blank.txt": "empty file", "image.txt": "PNG image",
        "photo.png": "unsupported file type (.png)", "boiler.txt": "no article text",
        "utf8.txt": "duplicate of copy-of-utf8.txt", "data.xyz": "unsupported file type (.xyz)",
        "README": "unsupported file type (no extension)", "archive.txt": "zip archive",
        "huge.txt": "too large", "escape.txt": "outside the documents folder",
        "loop-a.txt": "looping symlink", "loop-b.txt": "looping symlink",
        "inside-link.txt": "duplicate of copy-of-utf8.txt",
    }
    for name, words in expected.items():
        assert words in skipped[name], (name, skipped[name])
    assert report["documents"] == len(indexed)


def test_known_sentence_round_trips_in_every_encoding(built):
    _, index, _, _ = built
    for doc in index.documents.values():
        text = match_form(doc.text)
        if doc.name == "big5.txt":
            assert TRAD in doc.text and doc.script == "Hant"
        else:
            figure = next(x for x in ("318.5", "318.6", "318.7", "318.8", "318.9", "319.1", "319.2", "319.3")
                          if x in text)
            assert match_form(KNOWN.replace("318.5", figure)) in text, doc.name
        assert "\x00" not in doc.text and "\r" not in doc.text


def test_memory_stays_bounded_with_a_50_mb_file(built):
    *_, peak_mb = built
    print(f"peak RSS of rag build over the fault corpus: {peak_mb:.0f} MB")
    assert peak_mb < 1024
