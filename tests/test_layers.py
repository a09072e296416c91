"""Layers import downward only: the domain imports no Qt and no SQLite; the store no Qt."""

import ast
from pathlib import Path

PKG = Path(__file__).resolve().parents[1] / "ita_desktop"


def imports(folder: Path) -> set[str]:
    names = set()
    for f in folder.rglob("*.py"):
        for node in ast.walk(ast.parse(f.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names |= {a.name for a in node.names}
            elif isinstance(node, ast.ImportFrom) and node.module:
                names.add(node.module)
    return names


def test_domain_imports_neither_qt_nor_sqlite_nor_upper_layers():
    bad = {n for n in imports(PKG / "domain")
           if n.split(".")[0] in {"PySide6", "sqlite3", "sqlite_utils", "reportlab"}
           or n.startswith(("ita_desktop.store", "ita_desktop.pdf", "ita_desktop.gui"))}
    assert not bad


def test_store_and_pdf_import_no_qt_and_no_gui():
    for layer in ("store", "pdf"):
        bad = {n for n in imports(PKG / layer) if n.startswith(("PySide6", "ita_desktop.gui"))}
        assert not bad, (layer, bad)
    assert not {n for n in imports(PKG / "store") if n.startswith("ita_desktop.pdf")}
