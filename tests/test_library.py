"""The document library's file handling (ui/library.py): safe names, types, sizes, removal."""

import pytest

from ui.library import MAX_NAME, LibraryError, remove_document, safe_name, save_upload


@pytest.mark.parametrize("client, saved", [
    ("报告.txt", "报告.txt"),
    ("../../x.txt", "x.txt"),
    ("..\\..\\windows\\x.md", "x.md"),
    ("/etc/cron.d/job.html", "job.html"),
    ("a\0b\x07c.PDF", "abc.pdf"),
    ("my report (final)!.docx", "my_report_final.docx"),
    (".hidden.txt", "hidden.txt"),
    ("...txt", "document.txt"),
])
def test_a_saved_name_is_the_last_component_cleaned(client, saved):
    assert safe_name(client) == saved


@pytest.mark.parametrize("client", ["/etc/passwd", "x.exe", "x.txt.sh", "", "x"])
def test_a_name_without_a_readable_format_is_refused(client):
    with pytest.raises(LibraryError):
        safe_name(client)


def test_uploads_land_in_the_folder_under_unused_names_and_wrong_files_are_refused(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    up = tmp_path / "up.txt"
    up.write_text("甲项目总投资1亿元。", encoding="utf-8")
    assert save_upload(docs, up, "../../报告.txt") == (docs / "报告.txt").resolve()
    assert save_upload(docs, up, "报告.txt").name == "报告-2.txt"  # never overwrites
    assert len(safe_name("长" * 200 + ".txt")) == MAX_NAME
    pdf = tmp_path / "x.pdf"
    pdf.write_text("not a pdf")
    with pytest.raises(LibraryError, match="not a PDF"):
        save_upload(docs, pdf)
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    with pytest.raises(LibraryError, match="empty"):
        save_upload(docs, empty)
    assert sorted(p.name for p in docs.iterdir()) == ["报告-2.txt", "报告.txt"]
    assert not (tmp_path / "报告.txt").exists()


def test_only_a_file_of_the_folder_can_be_removed(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "a.txt").write_text("x")
    outside = tmp_path / "keep.txt"
    outside.write_text("x")
    for name in ("../keep.txt", str(outside), "missing.txt", "."):
        with pytest.raises(LibraryError):
            remove_document(docs, name)
    remove_document(docs, "a.txt")
    assert outside.exists() and not (docs / "a.txt").exists()
