"""Removed documents are kept beside the documents folder and can be restored (ui/library.py)."""

import pytest

from rag.ingest import discover
from ui.library import LibraryError, remove_document, removed_documents, removed_folder, restore_document


def test_a_removed_document_is_kept_where_nothing_is_indexed_and_can_be_restored(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "a.txt").write_text("first", encoding="utf-8")
    (docs / "b.txt").write_text("x", encoding="utf-8")
    kept = remove_document(docs, "a.txt")
    assert kept == removed_folder(docs) / "a.txt" == tmp_path / "docs" / ".removed" / "a.txt"
    assert kept.read_text(encoding="utf-8") == "first" and removed_documents(docs) == ["a.txt"]
    assert [p.name for p in discover(docs)[0]] == ["b.txt"]  # a rebuild no longer reads it
    (docs / "a.txt").write_text("second", encoding="utf-8")  # added again under the same name
    with pytest.raises(LibraryError, match="holds a 'a.txt' again"):
        restore_document(docs, "a.txt")
    remove_document(docs, "a.txt")  # the newer removal is the one kept
    assert restore_document(docs, "a.txt") == (docs / "a.txt").resolve()
    assert (docs / "a.txt").read_text(encoding="utf-8") == "second" and removed_documents(docs) == []
    for name in ("a.txt", "../docs/b.txt", "missing.txt"):
        with pytest.raises(LibraryError):
            restore_document(docs, name)
    assert removed_documents(tmp_path / "never-removed-from") == []


def test_hidden_folders_are_not_read(tmp_path):
    from rag.ingest import discover

    docs = tmp_path / "docs"
    (docs / ".removed").mkdir(parents=True)
    (docs / "kept.txt").write_text("示例高新区项目总投资5亿元。", encoding="utf-8")
    (docs / ".removed" / "gone.txt").write_text("示例项目总投资9亿元。", encoding="utf-8")
    found, _ = discover(docs)
    assert [p.name for p in found] == ["kept.txt"]
