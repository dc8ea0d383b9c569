"""The document library behind the UI's Documents tab: uploads saved under safe names, removals
(kept beside the documents folder, to be restored), and the incremental rebuild that follows
them, run in the background with its progress.

No path from the client is ever used: an upload's name is reduced to its last component, cleaned
to letters, digits and ``-_.``, and must end in a format the index reads; the file must look like
that format and stay under ``MAX_UPLOAD_MB``. Every path is checked to lie inside the documents
folder before anything is written or removed.
"""

from __future__ import annotations

import re
import shutil
import threading
import time
import unicodedata
from dataclasses import dataclass
from pathlib import Path

ALLOWED = (".txt", ".md", ".html", ".htm", ".pdf", ".docx")
MAX_UPLOAD_MB = 20  # a long PDF report; Gradio refuses larger uploads before they reach us
MAX_NAME = 80  # characters of a saved file name
# What a file of each format starts with (PDF, and DOCX as a zip archive); text has no signature.
_MAGIC = {".pdf": b"%PDF", ".docx": b"PK\x03\x04"}


class LibraryError(ValueError):
    """An upload or removal that is refused, and why."""


def safe_name(client_name: str) -> str:
    """A file name to save an upload under: the last component of ``client_name``, without control
    characters, every character but letters, digits and ``-_.`` made ``_``; LibraryError when
    its format is not one the index reads."""
    name = re.split(r"[\\/]", client_name or "")[-1]
    name = "".join(c for c in unicodedata.normalize("NFC", name) if unicodedata.category(c)[0] != "C")
    stem, dot, ext = name.rpartition(".")
    ext = f".{ext.lower()}" if dot else ""
    if ext not in ALLOWED:
        raise LibraryError(f"{client_name!r}: only {', '.join(ALLOWED)} files can be added")
    stem = re.sub(r"[^\w\-.]+", "_", stem).strip("._") or "document"
    return stem[:MAX_NAME - len(ext)] + ext


def _inside(folder: Path, path: Path) -> Path:
    resolved = path.resolve()
    if resolved.parent != folder.resolve():
        raise LibraryError(f"{path.name!r} is not a file of the documents folder")
    return resolved


def save_upload(docs: Path, upload: Path, client_name: str | None = None) -> Path:
    """Copy an uploaded file into ``docs`` under a safe, unused name; the path written. LibraryError
    for a wrong type, a file that does not look like its type, or one over the size limit."""
    name = safe_name(client_name or upload.name)
    size = upload.stat().st_size
    if size > MAX_UPLOAD_MB * 1024 * 1024:
        raise LibraryError(f"{name}: {size / 1e6:.1f} MB is over the {MAX_UPLOAD_MB} MB limit")
    if size == 0:
        raise LibraryError(f"{name}: the file is empty")
    ext = Path(name).suffix
    with open(upload, "rb") as f:
        head = f.read(4)
    if ext in _MAGIC and not head.startswith(_MAGIC[ext]):
        raise LibraryError(f"{name}: this is not a {ext[1:].upper()} file")
    target = _inside(docs, docs / name)
    stem, n = target.stem, 2
    while target.exists():
        target = _inside(docs, docs / f"{stem}-{n}{ext}")
        n += 1
    shutil.copyfile(upload, target)
    return target


REMOVED = ".removed"  # inside the documents folder; ingestion skips hidden folders


def removed_folder(docs: Path) -> Path:
    """Where removed documents are kept until restored: a hidden folder inside the documents
    folder, which ingestion does not read."""
    return docs.resolve() / REMOVED


def remove_document(docs: Path, name: str) -> Path:
    """Move the document ``name`` (a file directly in ``docs``) into ``removed_folder(docs)``, where
    it can be restored (a removed file of the same name kept there before is replaced); the path
    it is kept at. LibraryError when ``name`` is not a file of ``docs``."""
    path = _inside(docs, docs / name)
    if not path.is_file():
        raise LibraryError(f"{name!r} is not in the documents folder")
    kept = removed_folder(docs)
    kept.mkdir(exist_ok=True)
    return Path(shutil.move(path, _inside(kept, kept / path.name)))


def removed_documents(docs: Path) -> list[str]:
    """The names of the removed documents that can be restored, sorted."""
    kept = removed_folder(docs)
    return sorted(p.name for p in kept.iterdir() if p.is_file()) if kept.is_dir() else []


def restore_document(docs: Path, name: str) -> Path:
    """Move the removed document ``name`` back into ``docs``; the path it is back at. LibraryError
    when no removed document has that name, or ``docs`` holds a file of that name again."""
    kept = removed_folder(docs)
    path = _inside(kept, kept / name)
    if not path.is_file():
        raise LibraryError(f"{name!r} is not among the removed documents")
    target = _inside(docs, docs / path.name)
    if target.exists():
        raise LibraryError(f"the documents folder holds a {name!r} again: remove it before restoring this one")
    return Path(shutil.move(path, target))


@dataclass
class Progress:
    """Where the background build is: stage (reading, embedding, publishing, done, failed) and how
    far (0..1), with its last message."""

    running: bool = False
    stage: str = ""
    fraction: float = 0.0
    message: str = ""


class Rebuilder:
    """Runs ``build_index`` on the documents folder in a background thread, one at a time; a
    request while one runs starts another when it ends, so the last change is always indexed. The
    live index picks the new generation up by itself when it is published."""

    def __init__(self, docs: Path, index: Path, embedder):
        self.docs, self.index, self.embedder = docs, index, embedder
        self.progress = Progress()
        self.refused: list[str] = []  # the files of the last upload that were not added, and why
        self._lock = threading.Lock()
        self._again = False

    def request(self) -> None:
        """Rebuild now, or right after the build that is running."""
        with self._lock:
            if self.progress.running:
                self._again = True
                return
            self.progress = Progress(True, "starting", 0.0, "")
        threading.Thread(target=self._run, daemon=True).start()

    def _run(self) -> None:
        from rag.build import build_index
        from rag.errors import RagError

        while True:
            def say(stage: str, fraction: float) -> None:
                self.progress = Progress(True, stage, fraction, self.progress.message)

            try:
                report = build_index(self.docs, self.index, self.embedder, progress=False, on_progress=say)
                message = (f"indexed {report.documents} documents ({report.embedded_sentences} new sentences) "
                           f"in {report.seconds} s at {time.strftime('%H:%M:%S')}"
                           + (f"; {len(report.skipped)} skipped" if report.skipped else ""))
                done = Progress(False, "done", 1.0, message)
            except (RagError, OSError) as exc:
                done = Progress(False, "failed", 1.0, f"the rebuild failed: {exc}")
            with self._lock:
                if not self._again:
                    self.progress = done
                    return
                self._again = False
                self.progress = Progress(True, "starting", 0.0, done.message)
