"""PDFs are written atomically: a temporary file beside the target, then a rename.

A failure while the document is made leaves the old file byte for byte and no
temporary file; a target held open by another program (Windows) is a TargetBusy
with a free name to save as instead.  Windows' lock is simulated on Linux: renaming
or replacing the held file raises PermissionError (errno 13, as WinError 5 and 32 map
to), every other rename works as usual.
"""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest
from pypdf import PdfReader

from ita_desktop.app import demo_files
from ita_desktop.cli import main
from ita_desktop.gui.checks_panel import split_bilingual
from ita_desktop.pdf import atomic
from ita_desktop.pdf.atomic import AtomicFiles, free_name, write_atomic
from ita_desktop.pdf.documents import (
    DocumentError,
    TargetBusy,
    render_analysis,
    render_pack,
)
from ita_desktop.store.interchange import load_file

OLD = b"%PDF-1.4 the old file, which must survive\n%%EOF\n"


def demo(name: str) -> dict:
    return next(load_file(p) for p in demo_files() if name in p.name)


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file in ``folder`` (temporary ones included) → its bytes."""
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def temporaries(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(atomic.TEMP_PREFIX))


class WinError(OSError):
    """What Windows raises when the file is open in Acrobat: a sharing violation."""

    winerror = 32


def hold(monkeypatch, *held: Path, error: OSError | None = None) -> list:
    """Simulate Windows: ``held`` files are open in another program, so renaming or
    replacing them fails with ``error`` (default: PermissionError, errno 13); returns the
    list of refused calls."""
    error = error or PermissionError(errno.EACCES, "Access is denied")
    refused = []
    real_replace, real_rename = os.replace, os.rename
    held_names = {os.fspath(p) for p in held}

    def guard(real):
        def call(src, dst, *a, **kw):
            if os.fspath(dst) in held_names or os.fspath(src) in held_names:
                refused.append((os.fspath(src), os.fspath(dst)))
                raise error
            return real(src, dst, *a, **kw)
        return call

    monkeypatch.setattr(os, "replace", guard(real_replace))
    monkeypatch.setattr(os, "rename", guard(real_rename))
    monkeypatch.setattr(atomic, "LOCKING", True)
    return refused


# -- one file ---------------------------------------------------------------------------------
def test_write_atomic_writes_through_a_temporary_file_beside_the_target(tmp_path):
    out = tmp_path / "sub" / "doc.pdf"
    seen = []

    def build(path: str) -> None:
        seen.append(Path(path))
        assert Path(path).parent == out.parent            # same folder: the rename is atomic
        assert Path(path).name.startswith(".~doc.pdf.tmp-")  # recognisable as temporary
        assert not out.exists()                            # nothing at the target meanwhile
        Path(path).write_bytes(b"%PDF-new")

    assert write_atomic(out, build) == out
    assert out.read_bytes() == b"%PDF-new"
    assert not seen[0].exists()
    assert temporaries(out.parent) == []


def test_the_file_gets_the_permissions_a_plain_open_gives(tmp_path):
    plain = tmp_path / "plain.pdf"
    plain.write_bytes(b"x")
    out = write_atomic(tmp_path / "doc.pdf", lambda p: Path(p).write_bytes(b"%PDF-new"))
    assert out.stat().st_mode == plain.stat().st_mode


def test_a_failed_build_leaves_the_old_file_and_no_temporary_file(tmp_path):
    out = tmp_path / "doc.pdf"
    out.write_bytes(OLD)

    def build(path: str) -> None:
        with open(path, "wb") as fh:
            fh.write(b"%PDF-1.4 half a docu")   # written, then the program fails
        raise RuntimeError("rendering failed midway")

    with pytest.raises(RuntimeError, match="midway"):
        write_atomic(out, build)
    assert snapshot(tmp_path) == {"doc.pdf": OLD}


def test_a_full_disk_is_a_document_error_naming_the_file_and_the_old_file_stays(tmp_path):
    out = tmp_path / "doc.pdf"
    out.write_bytes(OLD)

    def build(path: str) -> None:
        Path(path).write_bytes(b"%PDF-1.4 part")
        raise OSError(errno.ENOSPC, "No space left on device")

    with pytest.raises(DocumentError) as e:
        write_atomic(out, build)
    msg = str(e.value)
    assert "เขียนไฟล์ doc.pdf" in msg and "cannot write doc.pdf" in msg and str(tmp_path) in msg
    assert "No space left on device" in msg
    assert snapshot(tmp_path) == {"doc.pdf": OLD}


def test_an_unwritable_folder_is_a_document_error(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_bytes(b"x")
    with pytest.raises(DocumentError, match="ไม่ได้ / cannot write in"):
        write_atomic(blocker / "doc.pdf", lambda p: None)   # the "folder" is a file


def test_a_rendering_error_midway_leaves_the_old_pdf_intact(tmp_path, monkeypatch):
    from reportlab.platypus import Flowable

    from ita_desktop.pdf import analysis

    class Boom(Flowable):
        """Drawn after the pages before it: the document fails halfway."""

        def wrap(self, aw, ah):
            return (10, 10)

        def draw(self):
            raise RuntimeError("drawing failed on a later page")

    story = analysis.analysis_story

    def broken(kit, year):
        s = story(kit, year)
        return s[: len(s) // 2] + [Boom()] + s[len(s) // 2:]

    out = tmp_path / "O27_2568.pdf"
    out.write_bytes(OLD)
    monkeypatch.setattr(analysis, "analysis_story", broken)
    with pytest.raises(RuntimeError, match="later page"):
        render_analysis(demo("huai_toei"), 2568, out)
    assert snapshot(tmp_path) == {"O27_2568.pdf": OLD}


@pytest.mark.parametrize("error", [PermissionError(errno.EACCES, "Access is denied"),
                                   WinError(errno.EACCES, "The process cannot access the file")],
                         ids=["permission", "winerror32"])
def test_a_target_open_in_another_program_is_target_busy_with_a_free_name(tmp_path, monkeypatch, error):
    out = tmp_path / "O27_2568_อบต.ห้วยเตย.pdf"
    out.write_bytes(OLD)
    (tmp_path / "O27_2568_อบต.ห้วยเตย (2).pdf").write_bytes(b"taken")
    hold(monkeypatch, out, error=error)
    with pytest.raises(TargetBusy) as e:
        render_analysis(demo("huai_toei"), 2568, out)
    busy = e.value
    assert isinstance(busy, DocumentError)    # the CLI and the GUI already show DocumentErrors
    assert busy.path == out
    assert busy.alternative == tmp_path / "O27_2568_อบต.ห้วยเตย (3).pdf" and not busy.alternative.exists()
    th, en = split_bilingual(str(busy))     # the half the window shows in its language
    assert th != en
    assert "เปิดอยู่ในโปรแกรมอื่น" in th and "O27_2568_อบต.ห้วยเตย.pdf" in th and "(3).pdf" in th
    assert str(tmp_path) in th
    assert en.startswith("The file O27_2568_อบต.ห้วยเตย.pdf in ")
    assert "is open in another program" in en and "save as O27_2568_อบต.ห้วยเตย (3).pdf" in en
    assert str(tmp_path) in en
    assert out.read_bytes() == OLD and temporaries(tmp_path) == []
    # what the window does next: save under the alternative
    assert render_analysis(demo("huai_toei"), 2568, busy.alternative) == busy.alternative
    assert len(PdfReader(str(busy.alternative)).pages) > 1
    assert out.read_bytes() == OLD and temporaries(tmp_path) == []


def test_the_command_line_says_the_file_is_open_and_exits_1(tmp_path, monkeypatch, capsys, db_path):
    from ita_desktop.app import load_demo, open_store

    store = open_store(db_path, seed_demo=False)
    load_demo(store)
    store.db.close()
    out = tmp_path / "analysis.pdf"
    out.write_bytes(OLD)
    hold(monkeypatch, out)
    assert main(["render", "analysis", "--db", str(db_path), "--office", "อบต.ห้วยเตย", "--year", "2568",
                 "--out", str(out)]) == 1
    err = capsys.readouterr().err
    assert "analysis.pdf" in err and "is open in another program" in err and "analysis (2).pdf" in err
    assert out.read_bytes() == OLD


def test_free_name_counts_up_past_existing_names(tmp_path):
    (tmp_path / "a.pdf").write_bytes(b"")
    assert free_name(tmp_path / "a.pdf") == tmp_path / "a (2).pdf"
    (tmp_path / "a (2).pdf").write_bytes(b"")
    assert free_name(tmp_path / "a.pdf") == tmp_path / "a (3).pdf"
    assert free_name(tmp_path / "a (2).pdf") == tmp_path / "a (3).pdf"
    (tmp_path / "pack.2568").mkdir()
    assert free_name(tmp_path / "pack.2568") == tmp_path / "pack.2568 (2)"


# -- the publication pack -----------------------------------------------------------------------
@pytest.fixture
def old_pack(tmp_path):
    """The pack of อบต.ปากช่อง 2565 (memo, analysis, 6-month report, combined) already in a folder."""
    doc = demo("pak_chong")
    folder = tmp_path / "pack"
    res = render_pack(doc, 2565, folder)
    assert len(res.files) == 3
    return doc, folder, res, snapshot(folder)


def changed(doc: dict) -> dict:
    doc["assessments"][0]["measures"][0]["title"] = "มาตรการที่แก้แล้ว"
    return doc


def test_a_new_pack_replaces_every_file_and_leaves_no_temporary_file(old_pack):
    doc, folder, res, before = old_pack
    res2 = render_pack(changed(doc), 2565, folder)
    after = snapshot(folder)
    assert set(after) == set(before) and temporaries(folder) == []
    assert all(after[n] != before[n] for n in before)          # every file is the new one
    assert res2.files == res.files and res2.combined == res.combined


def test_a_pack_whose_document_fails_midway_changes_no_file(old_pack, monkeypatch):
    doc, folder, _res, before = old_pack
    from ita_desktop.pdf import report

    def fail(*a, **kw):   # the memo and the analysis are made, then the report fails
        raise DocumentError("รายงานทำไม่ได้ / the report cannot be made")

    monkeypatch.setattr(report, "render_report", fail)
    with pytest.raises(DocumentError, match="the report cannot be made"):
        render_pack(changed(doc), 2565, folder)
    assert snapshot(folder) == before


def test_a_pack_whose_combined_pdf_hits_a_full_disk_changes_no_file(old_pack, monkeypatch):
    doc, folder, res, before = old_pack
    from pypdf import PdfWriter

    def write(self, stream):
        stream.write(b"%PDF-1.7 half")
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(PdfWriter, "write", write)
    with pytest.raises(DocumentError, match=f"cannot write {res.combined.name}"):
        render_pack(changed(doc), 2565, folder)
    assert snapshot(folder) == before


def test_a_pack_file_open_in_another_program_changes_no_file_and_offers_another_folder(old_pack, monkeypatch):
    doc, folder, res, before = old_pack
    held = res.files["analysis"]            # the clerk has O42 open in Acrobat
    refused = hold(monkeypatch, held)
    with pytest.raises(TargetBusy) as e:
        render_pack(changed(doc), 2565, folder)
    busy = e.value
    assert busy.path == held and busy.replaced == []
    assert busy.alternative == folder.with_name("pack (2)") and not busy.alternative.exists()
    assert all(dst == os.fspath(held) or src == os.fspath(held) for src, dst in refused)
    assert snapshot(folder) == before       # checked before the first rename: nothing changed
    th, en = split_bilingual(str(busy))
    assert "ยังไม่ได้เปลี่ยนไฟล์ใดของชุดเอกสาร" in th and held.name in th and str(busy.alternative) in th
    assert "no file of the pack was changed" in en and held.name in en and str(busy.alternative) in en
    res2 = render_pack(doc, 2565, busy.alternative)     # the retry the window offers
    assert sorted(p.name for p in busy.alternative.iterdir()) == sorted(before)
    assert res2.combined.parent == busy.alternative


def test_a_file_opened_during_the_renames_leaves_complete_files_and_says_which_are_new(old_pack, monkeypatch):
    """The rare race the docstring admits: the check passed, then the file was opened."""
    doc, folder, res, before = old_pack
    held = res.files["report6"]             # staged after the memo and the analysis
    real_replace = os.replace

    def replace(src, dst, *a, **kw):
        if os.fspath(dst) == os.fspath(held):
            raise PermissionError(errno.EACCES, "Access is denied")
        return real_replace(src, dst, *a, **kw)

    monkeypatch.setattr(os, "replace", replace)
    with pytest.raises(TargetBusy) as e:
        render_pack(changed(doc), 2565, folder)
    busy = e.value
    assert busy.replaced == [res.files["memo"], res.files["analysis"]]
    th, en = split_bilingual(str(busy))
    assert "เขียนไม่ครบ" in th and res.files["memo"].name in th
    assert "incomplete" in en and res.files["memo"].name in en
    after = snapshot(folder)
    assert set(after) == set(before) and temporaries(folder) == []
    assert after[held.name] == before[held.name] and after[res.combined.name] == before[res.combined.name]
    for p in (res.files["memo"], res.files["analysis"]):
        assert after[p.name] != before[p.name]
        assert len(PdfReader(str(p)).pages) >= 1     # complete


def test_atomic_files_discards_what_was_not_committed(tmp_path):
    with AtomicFiles(tmp_path) as files:
        files.stage(tmp_path / "a.pdf").write_bytes(b"a")
        files.stage(tmp_path / "b.pdf").write_bytes(b"b")
        assert len(temporaries(tmp_path)) == 2
    assert list(tmp_path.iterdir()) == []
