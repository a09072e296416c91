"""The ``ita-desktop`` command as a clerk or a script meets it: output files, exit codes, messages."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from ita_desktop.app import demo_files
from pdfcheck import assert_passes, pdftotext, thai_pdf_check

REPO = Path(__file__).resolve().parents[1]


def cli(*args: str, data_dir: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "ITA_DESKTOP_DATA_DIR": str(data_dir), "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.run([sys.executable, "-m", "ita_desktop", *args], capture_output=True, text=True,
                          env=env, cwd=REPO)


def test_demo_renders_every_document_and_they_pass_the_checker(tmp_path, data_dir):
    out = tmp_path / "out"
    proc = cli("demo", "--out", str(out), data_dir=data_dir)
    assert proc.returncode == 0, proc.stderr
    pdfs = sorted(p.name for p in out.glob("*.pdf"))
    assert pdfs == ["analysis_2565_อบต.ปากช่อง.pdf", "analysis_2568_อบต.ห้วยเตย.pdf", "memo_2565_อบต.ปากช่อง.pdf"]
    for pdf in out.glob("*.pdf"):
        assert_passes(thai_pdf_check(pdf, words=["ห้วยเตย", "กุดรัง", "มหาสารคาม", "ปากช่อง", "จอมบึง", "ราชบุรี"],
                                     tmp=tmp_path))
    assert "๘๐.๗๗" in pdftotext(out / "analysis_2568_อบต.ห้วยเตย.pdf")
    assert [p.name for p in data_dir.iterdir()] == ["logs"], "demo must not create the user's database"


def import_demo_offices(data_dir: Path) -> None:
    """Fill the default database with the demo offices as a clerk would (a new database starts empty)."""
    for f in demo_files():
        proc = cli("import", str(f), data_dir=data_dir)
        assert proc.returncode == 0, proc.stderr


def test_a_new_default_database_starts_empty(tmp_path, data_dir):
    proc = cli("check", "--office", "อบต.ห้วยเตย", "--year", "2568", data_dir=data_dir)
    assert proc.returncode == 1 and "no office" in proc.stderr  # nothing filled in silently
    assert (data_dir / "ita-desktop.sqlite3").exists()


def test_render_from_default_database_created_on_first_start(tmp_path, data_dir):
    import_demo_offices(data_dir)
    out = tmp_path / "memo.pdf"
    proc = cli("render", "memo", "--office", "อบต.ปากช่อง", "--year", "2565", "--out", str(out), data_dir=data_dir)
    assert proc.returncode == 0, proc.stderr
    assert out.exists() and "ปากช่อง" in pdftotext(out)


@pytest.mark.parametrize("args,needle", [
    (["render", "analysis", "--office", "เทศบาลไม่มีจริง", "--year", "2568"], "no office"),
    (["render", "analysis", "--office", "อบต.ห้วยเตย", "--year", "2570"], "no fiscal year 2570"),
    (["render", "memo", "--office", "อบต.ห้วยเตย", "--year", "2568"], "no memo"),
])
def test_user_errors_exit_1_with_one_line(tmp_path, data_dir, args, needle):
    import_demo_offices(data_dir)
    proc = cli(*args, "--out", str(tmp_path / "x.pdf"), data_dir=data_dir)
    assert proc.returncode == 1
    assert needle in proc.stderr and len(proc.stderr.strip().splitlines()) == 1
    assert "Traceback" not in proc.stderr
    assert not (tmp_path / "x.pdf").exists()


def test_import_export_round_trip_with_db_option(tmp_path, data_dir):
    db = tmp_path / "mine.db"
    src = next(p for p in demo_files() if "huai_toei" in p.name)
    proc = cli("import", str(src), "--db", str(db), data_dir=data_dir)
    assert proc.returncode == 0, proc.stderr
    assert "องค์การบริหารส่วนตำบลห้วยเตย" in proc.stdout
    out = tmp_path / "export.json"
    proc = cli("export", str(out), "--db", str(db), data_dir=data_dir)  # the only office: no --office needed
    assert proc.returncode == 0, proc.stderr
    doc = json.loads(out.read_text(encoding="utf-8"))
    original = json.loads(src.read_text(encoding="utf-8"))
    assert [m["key"] for m in doc["assessments"][0]["measures"]] == \
           [m["key"] for m in original["assessments"][0]["measures"]]


def test_bad_import_names_field_and_writes_nothing(tmp_path, data_dir):
    db = tmp_path / "mine.db"
    doc = json.loads(next(p for p in demo_files() if "pak_chong" in p.name).read_text(encoding="utf-8"))
    doc["assessments"][0]["measures"][2]["period"] = {"start": "2022-13-45"}
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    proc = cli("import", str(bad), "--db", str(db), data_dir=data_dir)
    assert proc.returncode == 1
    assert "assessments[0].measures[2].period.start" in proc.stderr
    proc = cli("export", str(tmp_path / "e.json"), "--db", str(db), data_dir=data_dir)
    assert proc.returncode == 1 and "--office" in proc.stderr  # nothing was imported: no office at all


def test_bad_command_line_is_a_user_error(data_dir):
    proc = cli("render", "analysis", "--year", "๒๕๖๘x", "--out", "x.pdf", data_dir=data_dir)
    assert proc.returncode == 1 and "bad command" in proc.stderr and "--year" in proc.stderr


def test_import_a_spreadsheet_of_measures_into_a_year_and_a_bad_one_names_row_and_column(tmp_path, data_dir):
    db = tmp_path / "mine.db"
    src = next(p for p in demo_files() if "huai_toei" in p.name)
    assert cli("import", str(src), "--db", str(db), data_dir=data_dir).returncode == 0
    sheet = Path(__file__).parent / "data" / "import" / "measures_cp874.csv"  # as Thai Excel saves CSV
    proc = cli("import", str(sheet), "--year", "2568", "--db", str(db), data_dir=data_dir)
    assert proc.returncode == 0, proc.stderr
    out = tmp_path / "export.json"
    assert cli("export", str(out), "--db", str(db), data_dir=data_dir).returncode == 0
    measures = json.loads(out.read_text(encoding="utf-8"))["assessments"][0]["measures"]
    nogift = next(m for m in measures if m["key"] == "nogift")
    assert "No Gift" in nogift["title"] and nogift["period"]["start"] == "2024-10-01"  # 1/10/2567 B.E.

    bad = tmp_path / "bad.csv"
    bad.write_text("รหัส,มาตรการ,ตั้งแต่\nm1,มาตรการหนึ่ง,1/10/2567\nm2,มาตรการสอง,31/2/2568\n", encoding="utf-8")
    proc = cli("import", str(bad), "--year", "2568", "--db", str(db), data_dir=data_dir)
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    assert "3" in proc.stderr and "ตั้งแต่" in proc.stderr  # row 3, column ตั้งแต่
    assert cli("export", str(out), "--db", str(db), data_dir=data_dir).returncode == 0
    keys = [m["key"] for m in json.loads(out.read_text(encoding="utf-8"))["assessments"][0]["measures"]]
    assert "m1" not in keys  # all or nothing: the good row was not imported either
    proc = cli("import", str(bad), "--db", str(db), data_dir=data_dir)
    assert proc.returncode == 1 and "--year" in proc.stderr


def test_the_window_command_does_not_make_a_gone_data_folder_again(tmp_path, monkeypatch, settings,
                                                                    folders_from_settings):
    """A data folder chosen in Settings and since deleted: ``ita-desktop`` hands it to the window
    untouched (which offers the ways out) instead of creating it empty for its log; other commands
    still log in the data folder."""
    from ita_desktop import cli
    from ita_desktop.gui import app as gui_app

    gone = tmp_path / "usb" / "ITA"
    settings.setValue("data/dir", str(gone))
    seen = []
    monkeypatch.setattr(gui_app, "run_gui", lambda db: seen.append((db, gone.exists())) or 0)
    assert cli.main([]) == 0
    assert seen == [(None, False)] and not gone.exists()
    assert cli.main(["fonts"]) == 0
    assert (gone / "logs" / "ita-desktop.log").exists()
