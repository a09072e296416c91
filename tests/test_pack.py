"""The year's publication pack and the pre-flight check command, as a clerk uses them."""

from __future__ import annotations

import subprocess

import pytest
from pdfcheck import assert_passes, pdftotext, thai_pdf_check
from pypdf import PdfReader

from ita_desktop.app import demo_files, load_demo, open_store
from ita_desktop.cli import main
from ita_desktop.pdf.common import office_words
from ita_desktop.store.interchange import load_file


@pytest.fixture
def demo_db(db_path):
    store = open_store(db_path, seed_demo=False)
    load_demo(store)
    store.db.close()
    return db_path


def outline_titles(pdf) -> list:
    def walk(items):
        out = []
        for x in items:
            out.append(walk(x) if isinstance(x, list) else x.title)
        return out
    return walk(PdfReader(str(pdf)).outline)


def test_pack_of_huai_toei_has_the_files_to_upload_and_one_pdf_with_bookmarks(demo_db, tmp_path, capsys):
    out = tmp_path / "pack"
    assert main(["pack", "--db", str(demo_db), "--office", "อบต.ห้วยเตย", "--year", "2568", "--out", str(out)]) == 0
    printed = capsys.readouterr()
    names = sorted(p.name for p in out.glob("*.pdf"))
    assert names == sorted(["ITA_2568_อบต.ห้วยเตย.pdf", "O27_2568_อบต.ห้วยเตย.pdf",
                            "รายงานผล12เดือน_2568_อบต.ห้วยเตย.pdf"])
    assert "memo" in printed.err   # the year has no memo: said, not silently missing
    combined = out / "ITA_2568_อบต.ห้วยเตย.pdf"
    info = subprocess.run(["pdfinfo", str(combined)], capture_output=True, text=True).stdout
    assert "องค์การบริหารส่วนตำบลห้วยเตย" in info.split("Author:")[1].splitlines()[0]
    assert "ITA 2568 O27" in info
    top = [t for t in outline_titles(combined) if isinstance(t, str)]
    assert top == ["O27 การวิเคราะห์ผลการประเมินและมาตรการ", "รายงานผลการดำเนินการ รอบ 12 เดือน"]
    # the analysis' own sections are nested under its bookmark
    assert "คำนำ / preface" in outline_titles(combined)[1]
    pages = {p.name: len(PdfReader(str(p)).pages) for p in out.glob("*.pdf")}
    assert pages["ITA_2568_อบต.ห้วยเตย.pdf"] == pages["O27_2568_อบต.ห้วยเตย.pdf"] + \
        pages["รายงานผล12เดือน_2568_อบต.ห้วยเตย.pdf"]
    words = office_words(load_file(next(p for p in demo_files() if "huai" in p.name)))
    for pdf in out.glob("*.pdf"):
        assert_passes(thai_pdf_check(pdf, words=words, tmp=tmp_path))


def test_pack_of_pak_chong_starts_with_the_memo(demo_db, tmp_path):
    out = tmp_path / "pack"
    assert main(["pack", "--db", str(demo_db), "--office", "อบต.ปากช่อง", "--year", "2565", "--out", str(out)]) == 0
    names = {p.name for p in out.glob("*.pdf")}
    assert {"O42_2565_อบต.ปากช่อง.pdf", "O43_2565_อบต.ปากช่อง.pdf", "บันทึกข้อความ_2565_อบต.ปากช่อง.pdf"} <= names
    combined = out / "ITA_2565_อบต.ปากช่อง.pdf"
    top = [t for t in outline_titles(combined) if isinstance(t, str)]
    assert top[0] == "บันทึกข้อความ" and top[1].startswith("O42") and top[2].startswith("O43")
    first_page = pdftotext(combined, "-f", "1", "-l", "1")
    assert "บันทึกข้อความ" in first_page


def test_pack_of_a_missing_year_is_a_clear_error(demo_db, tmp_path, capsys):
    assert main(["pack", "--db", str(demo_db), "--office", "อบต.ห้วยเตย", "--year", "2560",
                 "--out", str(tmp_path / "x")]) == 1
    assert "2560" in capsys.readouterr().err


def test_check_fails_on_another_offices_name_and_passes_clean_data(demo_db, capsys):
    assert main(["check", "--db", str(demo_db), "--office", "อบต.ห้วยเตย", "--year", "2568"]) == 1
    out = capsys.readouterr().out
    assert "ย่างขึ้นก" in out and "ผิด 1" in out
    assert main(["check", "--db", str(demo_db), "--office", "อบต.ปากช่อง", "--year", "2565"]) == 0
    assert "ผิด 0" in capsys.readouterr().out


def test_demo_renders_the_pack_of_each_demo_office(tmp_path):
    assert main(["demo", "--out", str(tmp_path)]) == 0
    assert (tmp_path / "pack_2568_อบต.ห้วยเตย" / "ITA_2568_อบต.ห้วยเตย.pdf").exists()
    assert (tmp_path / "pack_2565_อบต.ปากช่อง" / "ITA_2565_อบต.ปากช่อง.pdf").exists()


def test_report_columns_are_chosen_renamed_hidden_and_saved_per_office(demo_db, tmp_path, capsys):
    args = ["columns", "--db", str(demo_db), "--office", "อบต.ห้วยเตย"]
    assert main(args + ["--preset", "nacc2568_with_order", "--rename", "outcome=ผลสำเร็จ",
                        "--hide", "steps", "--move", "responsible=1"]) == 0
    shown = [line.split("\t")[1] for line in capsys.readouterr().out.splitlines() if line[:1].isdigit()]
    assert shown[:2] == ["order", "responsible"] and "steps" not in shown
    out = tmp_path / "r.pdf"
    assert main(["render", "report", "--db", str(demo_db), "--office", "อบต.ห้วยเตย", "--year", "2568",
                 "--out", str(out)]) == 0
    text = pdftotext(out)
    assert "ผลสำเร็จ" in text and "ลำดับ" in text and "วิธีดำเนินการ" not in text
    head = text.split("ลำดับ", 1)[1][:200]
    assert head.index("ผู้รับผิดชอบ") < head.index("ผลสำเร็จ")   # moved to the second column
    # the other office keeps the default layout
    other = tmp_path / "p.pdf"
    assert main(["render", "report", "--db", str(demo_db), "--office", "อบต.ปากช่อง", "--year", "2565",
                 "--round", "6", "--out", str(other)]) == 0
    assert "ผลสำเร็จ" not in pdftotext(other).replace("ผลลัพธ์/ความสำเร็จ", "")
    assert main(args + ["--hide", "nosuchcolumn"]) == 1
    assert "nosuchcolumn" in capsys.readouterr().err
