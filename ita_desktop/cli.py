"""The ``ita-desktop`` command (also ``python -m ita_desktop``).

Exit codes: 0 it worked; 1 a user error (one-line message, Thai / English,
no traceback); 2 a bug (the traceback goes to the log file and stderr; the
message names the log file).

Each run is logged in ``<data folder>/logs/ita-desktop.log``
(``ita_desktop.logs``): the command line, a user error's message, a bug's
traceback, the exit code. ``--help`` and ``--version`` answer before the
log is set up, so they stay fast (no Qt, no data folder).
"""

from __future__ import annotations

import argparse
import logging
import re
import shlex
import sys
import tempfile
import time
from pathlib import Path

from ita_desktop import START, __version__
from ita_desktop.logs import current_log_file, log_bug, log_problem, setup_logging, stderr_handler

log = logging.getLogger("ita_desktop")


class UserError(Exception):
    """A problem the clerk can act on; printed as one line, exit code 1."""


def _user_errors() -> tuple[type[BaseException], ...]:
    from ita_desktop.domain.fiscal import FiscalYearError
    from ita_desktop.domain.framework import FrameworkError
    from ita_desktop.domain.scoring import ScoreError
    from ita_desktop.pdf.documents import DocumentError
    from ita_desktop.store.connection import StoreError
    from ita_desktop.store.interchange import InterchangeError
    from ita_desktop.store.repo import NotFound

    return (UserError, StoreError, InterchangeError, NotFound, FrameworkError, ScoreError, FiscalYearError,
            DocumentError)


class _Parser(argparse.ArgumentParser):
    """argparse whose usage errors are user errors (exit 1, one line), not exit 2."""

    def error(self, message: str):
        raise UserError(f"คำสั่งไม่ถูกต้อง / bad command: {message} (ita-desktop --help)")


def _parser() -> argparse.ArgumentParser:
    p = _Parser(prog="ita-desktop", description="ITA Desktop: เอกสาร ITA ของหน่วยงาน / ITA documents")
    p.add_argument("--db", type=Path, help="ไฟล์ฐานข้อมูล / database file (default: the user data folder)")
    p.add_argument("--version", action="version", version=f"ITA Desktop {__version__}",
                   help="รุ่นของโปรแกรม / show the program's version")
    sub = p.add_subparsers(dest="command", parser_class=_Parser)

    g = sub.add_parser("gui", help="เปิดหน้าต่างโปรแกรม / open the window (the default)")
    g.add_argument("--db", type=Path, default=argparse.SUPPRESS)

    r = sub.add_parser("render", help="พิมพ์เอกสารหนึ่งฉบับเป็น PDF / render one document")
    r.add_argument("document", choices=["analysis", "memo", "report"])
    r.add_argument("--round", type=int, choices=[6, 12], default=12, help="รอบรายงาน / report round (report)")
    r.add_argument("--office", help="ชื่อหน่วยงาน / office name (default: the only office)")
    r.add_argument("--year", type=int, required=True, help="ปีงบประมาณ พ.ศ. / fiscal year, B.E.")
    r.add_argument("--out", type=Path, required=True)
    r.add_argument("--arabic-digits", action="store_true", help="ใช้เลขอารบิก / print Arabic digits")
    r.add_argument("--db", type=Path, default=argparse.SUPPRESS)

    k = sub.add_parser("pack", help="ชุดเอกสารเผยแพร่ของปี / the year's publication pack")
    k.add_argument("--office", help="ชื่อหน่วยงาน / office name (default: the only office)")
    k.add_argument("--year", type=int, required=True, help="ปีงบประมาณ พ.ศ. / fiscal year, B.E.")
    k.add_argument("--out", type=Path, required=True, help="โฟลเดอร์ปลายทาง / output folder")
    k.add_argument("--db", type=Path, default=argparse.SUPPRESS)

    cols = sub.add_parser("columns", help="คอลัมน์ของรายงานผล (บันทึกต่อหน่วยงาน) / the report's columns, "
                                         "saved per office")
    cols.add_argument("--office", help="ชื่อหน่วยงาน / office name (default: the only office)")
    cols.add_argument("--preset", help="เริ่มจากรูปแบบ / start from a preset (e.g. seed001, seed002)")
    cols.add_argument("--rename", action="append", default=[], metavar="KEY=TEXT", help="เปลี่ยนหัวตาราง / rename")
    cols.add_argument("--hide", action="append", default=[], metavar="KEY", help="ซ่อน / hide")
    cols.add_argument("--show", action="append", default=[], metavar="KEY", help="แสดง / show")
    cols.add_argument("--move", action="append", default=[], metavar="KEY=POSITION", help="ย้าย (0 = แรก) / move")
    cols.add_argument("--db", type=Path, default=argparse.SUPPRESS)

    c = sub.add_parser("check", help="ตรวจก่อนพิมพ์ / pre-flight checks (exit 1 when one fails)")
    c.add_argument("--office", help="ชื่อหน่วยงาน / office name (default: the only office)")
    c.add_argument("--year", type=int, required=True, help="ปีงบประมาณ พ.ศ. / fiscal year, B.E.")
    c.add_argument("--round", type=int, choices=[6, 12], help="รอบรายงาน / report round")
    c.add_argument("--db", type=Path, default=argparse.SUPPRESS)

    d = sub.add_parser("demo", help="พิมพ์เอกสารทุกฉบับของหน่วยงานตัวอย่าง / render every demo document")
    d.add_argument("--out", type=Path, required=True)
    d.add_argument("--db", type=Path, default=argparse.SUPPRESS)

    i = sub.add_parser("import", help="นำเข้าไฟล์ข้อมูลหน่วยงาน (.json) หรือตาราง (.xlsx .csv .tsv) / import an "
                                      "office's data file or a spreadsheet of scores, measures or results")
    i.add_argument("file", type=Path)
    i.add_argument("--office", help="ชื่อหน่วยงาน (ตาราง) / office name (spreadsheets; default: the only office)")
    i.add_argument("--year", type=int, help="ปีงบประมาณ พ.ศ. (ตาราง) / fiscal year, B.E. (spreadsheets)")
    i.add_argument("--kind", choices=["scores", "measures", "results"],
                   help="ชนิดตาราง (ไม่ระบุ: ดูจากหัวตาราง) / what the table holds (default: from the headers)")
    i.add_argument("--round", type=int, choices=[6, 12], help="รอบรายงาน (ผลการดำเนินการ) / report round (results)")
    i.add_argument("--sheet", help="ชื่อแผ่นงาน (xlsx) / sheet name (xlsx)")
    i.add_argument("--db", type=Path, default=argparse.SUPPRESS)

    t = sub.add_parser("typeset", help="จัดพิมพ์ข้อความหรือตาราง TSV เป็น PDF / typeset text or a TSV table")
    t.add_argument("input", type=Path, help="ไฟล์ข้อความ (ย่อหน้าคั่นด้วยบรรทัดว่าง) หรือ TSV / text or TSV file")
    t.add_argument("--out", type=Path, required=True)
    t.add_argument("--font", help="ไฟล์ฟอนต์ .ttf หรือชื่อฟอนต์ที่ติดตั้ง / a .ttf file or an installed family "
                                  "(default: the bundled Laksaman; see `ita-desktop fonts`)")
    t.add_argument("--no-shaping", action="store_true", help="ไม่จัดรูปอักษร (เพื่อเปรียบเทียบ) / no shaping")
    t.add_argument("--landscape", action="store_true", help="หน้ากระดาษแนวนอน / landscape pages")
    t.add_argument("--thai-digits", action="store_true", help="ใช้เลขไทย / print Thai digits")

    sub.add_parser("fonts", help="ฟอนต์ที่ติดตั้งในเครื่อง / the installed fonts a document can use")

    e = sub.add_parser("export", help="ส่งออกข้อมูลหน่วยงาน / export an office")
    e.add_argument("file", type=Path)
    e.add_argument("--office")
    e.add_argument("--db", type=Path, default=argparse.SUPPRESS)

    b = sub.add_parser("backup", help="สำเนาสำรองของฐานข้อมูล / the database's backups (list, create, restore)")
    bsub = b.add_subparsers(dest="backup_command", parser_class=_Parser, required=True,
                            metavar="list|create|restore")
    bl = bsub.add_parser("list", help="รายการสำเนา ใหม่สุดก่อน / list the backups, newest first")
    bl.add_argument("--db", type=Path, default=argparse.SUPPRESS)
    bc = bsub.add_parser("create", help="สร้างสำเนาเดี๋ยวนี้ / take a backup now")
    bc.add_argument("--db", type=Path, default=argparse.SUPPRESS)
    br = bsub.add_parser("restore", help="กู้คืนจากสำเนา (ลำดับในรายการหรือไฟล์) / restore a backup "
                                         "(its number in the list, or a file)")
    br.add_argument("backup", metavar="FILE|NUMBER")
    br.add_argument("--db", type=Path, default=argparse.SUPPRESS)
    b.add_argument("--db", type=Path, default=argparse.SUPPRESS)

    a = sub.add_parser("audit", help="บันทึกการแก้ไข / the audit trail of every change")
    asub = a.add_subparsers(dest="audit_command", parser_class=_Parser, required=True, metavar="verify")
    v = asub.add_parser("verify", help="ตรวจว่าบันทึกการแก้ไขไม่ถูกแก้ (ผิดปกติ: exit 1) / check the hash chain "
                                       "(exit 1 when a link is broken)")
    v.add_argument("--anchor", metavar="COUNT:HASH", help="จุดยึดที่จดไว้ / an anchor written down earlier")
    v.add_argument("--db", type=Path, default=argparse.SUPPRESS)
    a.add_argument("--db", type=Path, default=argparse.SUPPRESS)
    return p


def _render_one(store, office_name: str | None, kind: str, year: int, out: Path, thai_digits: bool,
                rnd: int = 12) -> Path:
    from ita_desktop.pdf.documents import render_analysis, render_memo, render_report

    office = store.find_office(office_name)
    doc = store.office_doc(office["id"], [year])  # NotFound names the years there are
    if kind == "report":
        return render_report(doc, year, out, round=rnd, thai_digits=thai_digits)
    render = render_analysis if kind == "analysis" else render_memo
    return render(doc, year, out, thai_digits=thai_digits)


def cmd_pack(store, office_name: str | None, year: int, out_dir: Path) -> int:
    """``ita-desktop pack``: print each file written and each document left out."""
    from ita_desktop.pdf.pack import render_pack

    office = store.find_office(office_name)
    res = render_pack(store.office_doc(office["id"], [year]), year, out_dir)
    print(res.combined)
    for path in res.files.values():
        print(path)
    for what, why in res.skipped.items():
        print(f"ไม่ได้พิมพ์ / not printed: {what}: {why}", file=sys.stderr)
    return 0


def cmd_columns(store, args) -> int:
    """``ita-desktop columns``: change and save the office's report columns, print them."""
    from ita_desktop.pdf.report import PRESETS, ReportColumns

    office = store.find_office(args.office)
    doc = store.office_doc(office["id"], [])
    try:
        cols = ReportColumns.from_preset(args.preset) if args.preset else ReportColumns.of_office(doc)
        for item in args.rename:
            key, _, text = item.partition("=")
            cols = cols.renamed(key.strip(), text)
        for key in args.hide:
            cols = cols.hidden(key.strip())
        for key in args.show:
            cols = cols.shown(key.strip())
        for item in args.move:
            key, _, pos = item.partition("=")
            cols = cols.moved(key.strip(), int(pos))
    except ValueError as e:
        raise UserError(str(e)) from e
    changed = args.preset or args.rename or args.hide or args.show or args.move
    if changed:
        store.set_report_columns(office["id"], cols.to_list())
    for n, (key, header, visible) in enumerate(c for c in cols.columns if c[2]):
        print(f"{n}\t{key}\t{header}")
    hidden = [k for k, _, v in cols.columns if not v]
    if hidden:
        print(f"ซ่อน / hidden: {', '.join(hidden)}")
    print(f"รูปแบบที่มี / presets: {', '.join(PRESETS)}")
    return 0


def cmd_check(store, office_name: str | None, year: int, rnd: int | None) -> int:
    """``ita-desktop check``: one line per problem; exit 1 when any is an error."""
    from ita_desktop.domain.checks import run_checks

    office = store.find_office(office_name)
    problems = run_checks(store.office_doc(office["id"], [year]), year, round=rnd)
    for p in problems:
        print(f"{'ผิด/error' if p.is_error else 'เตือน/warning'}: {p.message}")
    errors = sum(p.is_error for p in problems)
    print(f"ผิด {errors} เตือน {len(problems) - errors} / {errors} errors, {len(problems) - errors} warnings")
    return 1 if errors else 0


def cmd_demo(out_dir: Path, db: Path | None) -> list[Path]:
    """Render the analysis report, the memo and the publication pack of every demo
    office into ``out_dir`` (the pack of each office in ``out_dir/pack_<year>_<office>``).

    Uses a temporary database built from the demo files (or ``db`` when
    given), so the user's own data is never touched.
    """
    from ita_desktop.app import load_demo, open_store
    from ita_desktop.pdf.documents import render_analysis, render_memo
    from ita_desktop.pdf.pack import render_pack

    out_dir.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    with tempfile.TemporaryDirectory(prefix="ita-demo-") as tmp:
        store = open_store(db or Path(tmp) / "demo.sqlite3", seed_demo=False, backup=db is not None)
        if db is None:
            load_demo(store)
        for office in store.offices():
            short = office["short_name"] or office["name"]
            for year in store.years(office["id"]):
                doc = store.office_doc(office["id"], [year])
                a = doc["assessments"][0]
                if a.get("scores") or a.get("measures"):
                    written.append(render_analysis(doc, year, out_dir / f"analysis_{year}_{short}.pdf"))
                if a.get("memos"):
                    written.append(render_memo(doc, year, out_dir / f"memo_{year}_{short}.pdf"))
                pack = render_pack(doc, year, out_dir / f"pack_{year}_{short}")
                written += [pack.combined, *pack.files.values()]
        store.db.close()
    return written


def cmd_typeset(args) -> int:
    """``ita-desktop typeset``: print the output path and page count; warn about
    characters no font has (they print as boxes)."""
    from ita_desktop.pdf.typeset import typeset

    logging.getLogger("ita_desktop.pdf.thaitext").setLevel(logging.ERROR)  # summarised below instead
    res = typeset(args.input, args.out, font=args.font, shaping=not args.no_shaping,
                  landscape=args.landscape, thai_digits=args.thai_digits)
    if res.missing:
        chars = " ".join(f"{c} (U+{ord(c):04X})" for c in sorted(res.missing))
        print(f"คำเตือน: ฟอนต์ไม่มีตัวอักษร {chars} จึงพิมพ์เป็นกรอบสี่เหลี่ยม / warning: no font has "
              f"{chars}; printed as boxes", file=sys.stderr)
    print(f"{res.out} ({res.pages} หน้า / pages)")
    return 0


def cmd_fonts() -> int:
    """``ita-desktop fonts``: the installed families (Thai ones first) with their faces."""
    from ita_desktop.pdf.fontfind import installed_families

    for fam in installed_families():
        faces = ", ".join(fam.faces())
        print(f"{fam.name}\t{'ไทย/Thai' if fam.has_thai else '-'}\t{faces}\t{fam.regular}")
    return 0


def _size(n: int) -> str:
    return f"{n / 2**20:.1f} MB" if n >= 2**20 else f"{max(n, 1) / 1024:.0f} KB"


def backup_line(n: int, info) -> str:
    """One line of ``ita-desktop backup list``: number, time, kind, size, schema, path (tab-separated)."""
    state = f"v{info.schema}" if info.readable else "เสียหาย/damaged"
    return f"{n}\t{info.time:%Y-%m-%d %H:%M:%S}\t{info.kind}\t{_size(info.size)}\t{state}\t{info.path}"


def cmd_backup(args, clock=None) -> int:
    """``ita-desktop backup list|create|restore``: the backups of the database (``--db`` or the default).

    ``restore FILE|NUMBER``: NUMBER is the position in ``backup list``
    (1 = newest). Refused (exit 1) while ITA Desktop has the database open.
    """
    from datetime import datetime

    from ita_desktop.app import backups_for, default_db_path
    from ita_desktop.store.backup import DAILY_KEPT, KEEP, WEEKLY_KEPT

    db = args.db or default_db_path()
    backups = backups_for(db, clock=clock or datetime.now)
    if args.backup_command == "list":
        infos = backups.list()
        if not infos:
            print(f"ยังไม่มีสำเนาสำรองของ {db} ใน {backups.folder} / no backups of {db} yet in {backups.folder}")
        for n, info in enumerate(infos, 1):
            print(backup_line(n, info))
        return 0
    if args.backup_command == "create":
        if not db.is_file():
            raise UserError(f"ไม่พบไฟล์ฐานข้อมูล: {db} / there is no database file at {db}")
        info = backups.create(None, "manual")
        backups.rotate()
        print(f"สร้างสำเนาแล้ว / backup written: {info.path} ({_size(info.size)})")
        print(f"เก็บสำเนาที่สร้างเอง {KEEP['manual']} ฉบับล่าสุด สำเนาอัตโนมัติ {DAILY_KEPT} วันและ {WEEKLY_KEPT} สัปดาห์ / "
              f"keeps the {KEEP['manual']} newest manual backups, automatic ones of {DAILY_KEPT} days and "
              f"{WEEKLY_KEPT} weeks")
        return 0
    which = args.backup
    target = int(which) if which.isdigit() and not Path(which).exists() else Path(which)
    result = backups.restore(target)
    print(f"กู้คืนแล้ว / restored: {result.restored} → {db}")
    if result.before is not None:
        print(f"ข้อมูลก่อนกู้คืนเก็บไว้ที่ / the data before is kept in: {result.before.path}")
    if result.set_aside is not None:
        print(f"ไฟล์ที่เสียหายย้ายไปไว้ที่ / the damaged file was moved to: {result.set_aside}")
    return 0


def cmd_import(store, args) -> int:
    """``ita-desktop import FILE``: an interchange ``.json`` file (a whole office), or a spreadsheet
    (``.xlsx``, ``.csv``, ``.tsv``, ``.txt``) of scores, measures or results into ``--year`` of
    ``--office``. All or nothing: every problem is printed (row, column) and nothing is saved."""
    if args.file.suffix.lower() == ".json":
        from ita_desktop.store.interchange import import_file

        office_id = import_file(store, args.file)
        o = store.office(office_id)
        print(f"นำเข้าแล้ว / imported: {o['name']} ({', '.join(map(str, store.years(office_id)))})")
        return 0
    from ita_desktop.store.tabular import TabularError, import_table_file

    if args.year is None:
        raise UserError("โปรดระบุ --year สำหรับไฟล์ตาราง / give --year for a spreadsheet")
    office = store.find_office(args.office)
    try:
        plan = import_table_file(store, office["id"], args.year, args.file, args.kind, round=args.round,
                                 sheet=args.sheet)
    except TabularError as e:
        for p in getattr(e, "problems", None) or []:
            print(p.text(), file=sys.stderr)
        raise
    print(f"นำเข้าแล้ว / imported: {office['name']} {args.year}: {plan.summary()}")
    return 0


def cmd_audit_verify(db: Path | None, anchor_text: str | None) -> int:
    """``ita-desktop audit verify``: walk the audit trail's hash chain of the database (``--db``
    or the default), opened read-only so checking never changes the file.

    Prints "intact: N rows" and the anchor ``N:<hash>`` to write down (exit
    0), or the first broken link (exit 1). ``--anchor COUNT:HASH`` also
    proves that no row was cut from the end since the anchor was noted.
    """
    from ita_desktop.app import default_db_path
    from ita_desktop.store import audit
    from ita_desktop.store.connection import connect

    try:
        anchor = audit.Head.parse(anchor_text) if anchor_text else None
    except ValueError as e:
        raise UserError(str(e)) from None
    conn = connect(db or default_db_path(), read_only=True)  # StoreError "missing" names a file not there
    try:
        code, text = audit.verify_report(conn, anchor)
    finally:
        conn.close()
    print(text)
    return code


def run(argv: list[str]) -> int:
    """Parse ``argv`` (the arguments after ``ita-desktop``) and run the command; its exit code.

    Raises what the commands raise (``main`` turns them into exit codes);
    a usage error is a UserError.
    """
    return dispatch(_parser().parse_args(argv))


def dispatch(args: argparse.Namespace) -> int:
    """Run the command parsed into ``args``; its exit code. Raises what the commands raise."""
    command = args.command or "gui"
    if command == "gui":
        from ita_desktop.gui.app import run_gui

        return run_gui(args.db)  # a database it cannot use: the clerk chooses a way out (dialog)
    if command == "typeset":
        return cmd_typeset(args)
    if command == "fonts":
        return cmd_fonts()
    if command == "backup":
        return cmd_backup(args)
    if command == "audit":
        return cmd_audit_verify(args.db, args.anchor)
    from ita_desktop.app import open_store

    if command == "demo":
        for p in cmd_demo(args.out, args.db):
            print(p)
        return 0
    store = open_store(args.db)
    if command == "pack":
        return cmd_pack(store, args.office, args.year, args.out)
    if command == "check":
        return cmd_check(store, args.office, args.year, args.round)
    if command == "columns":
        return cmd_columns(store, args)
    if command == "render":
        print(_render_one(store, args.office, args.document, args.year, args.out, not args.arabic_digits,
                          args.round))
    elif command == "import":
        return cmd_import(store, args)
    elif command == "export":
        from ita_desktop.store.interchange import export_file

        office = store.find_office(args.office)
        export_file(store, office["id"], args.file)
        print(f"ส่งออกแล้ว / exported: {office['name']} → {args.file}")
    return 0


def command_line(argv: list[str]) -> str:
    """``argv`` as the log shows it: ``ita-desktop render memo --office อบต.ปากช่อง …``; an argument
    with spaces, quotes or nothing in it is quoted (POSIX shell style), Thai is left as it is."""
    return " ".join(a if a and not re.search(r"[\s'\"\\$`;&|<>*?]", a) else shlex.quote(a)
                    for a in ["ita-desktop", *argv])


def _open_log() -> Path | None:
    """Start the log file in the user's data folder (also with ``--db``); None when there is none."""
    try:
        from ita_desktop.datadir import default_data_dir

        return setup_logging(default_data_dir())
    except Exception:  # noqa: BLE001 (no data folder: the command still runs, without a log)
        return None


def main(argv: list[str] | None = None) -> int:
    """Entry point; returns the exit code (0 ok, 1 user error, 2 bug).

    Warnings and a bug's traceback go to stderr (when there is one: a
    windowed program on Windows has none); the log file gets the command
    line, the problems and the exit code (``ita_desktop.logs``).
    """
    terminal = stderr_handler()
    logging.basicConfig(level=logging.WARNING, handlers=[terminal or logging.NullHandler()])
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(encoding="utf-8", errors="replace")
    argv = sys.argv[1:] if argv is None else list(argv)
    args: argparse.Namespace | None = None
    usage_error: UserError | None = None
    try:
        args = _parser().parse_args(argv)  # --help and --version exit here, before the log and Qt
    except UserError as e:
        usage_error = e
    # the window opens its own log once it knows the data folder can be used (a folder on a USB
    # drive that is gone is not created again here: run_gui offers the ways out)
    window = args is not None and (args.command or "gui") == "gui"
    log_path = None if window else _open_log()
    log.info("run: %s", command_line(argv))
    code = _run_logged(args, usage_error, log_path)
    log.info("exit %d after %.2f s", code, time.monotonic() - START)
    return code


def _run_logged(args: argparse.Namespace | None, usage_error: UserError | None, log_path: Path | None) -> int:
    """Run the parsed command; the exit code, with every problem logged and told on stderr."""
    try:
        if usage_error is not None:
            raise usage_error
        return dispatch(args)
    except _user_errors() as e:
        log_problem(e)
        print(f"ita-desktop: {e}", file=sys.stderr)
        return 1
    except PermissionError as e:
        log_problem(e)
        print(f"ita-desktop: เขียนไฟล์ไม่ได้ (ไม่มีสิทธิ์หรือไฟล์เปิดอยู่) / cannot write: {e.filename}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        log.info("interrupted")
        return 1
    except Exception:
        log_bug(*sys.exc_info())
        log_path = log_path or current_log_file()  # the window's, when it opened one
        where = f"\nรายละเอียดอยู่ในไฟล์ / details in: {log_path}" if log_path else ""
        print("ita-desktop: เกิดข้อผิดพลาดภายในโปรแกรม โปรดแจ้งผู้ดูแล / internal error, please report it" + where,
              file=sys.stderr)
        return 2
