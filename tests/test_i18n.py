"""The translation catalogs are complete and current, and the translator serves them to Qt."""

from __future__ import annotations

import ast
import gettext
import importlib.util
import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from ita_desktop import i18n

REPO = Path(__file__).resolve().parents[1]
I18N = REPO / "resources" / "i18n"


def _tool():
    spec = importlib.util.spec_from_file_location("update_i18n", REPO / "tools" / "update_i18n.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


update_i18n = _tool()


def catalog(path: Path):
    with open(path, "rb") as f:
        return read_po(f)


def ids(cat) -> set[str]:
    return {m.id for m in cat if m.id}


def placeholders(s: str) -> set[str]:
    return set(re.findall(r"\{[a-z_]*\}", s))


def test_every_string_has_a_thai_translation():
    pot = ids(catalog(I18N / "messages.pot"))
    th = catalog(update_i18n.po_file("th"))
    missing = sorted(m for m in pot if not (th.get(m) and th.get(m).string and "fuzzy" not in th.get(m).flags))
    assert not missing, "untranslated in th/LC_MESSAGES/ita_desktop.po: " + "; ".join(missing)


def test_thai_translations_keep_placeholders_and_mnemonics():
    for m in catalog(update_i18n.po_file("th")):
        if not m.id:
            continue
        assert placeholders(m.string) == placeholders(m.id), m.id
        if re.search(r"&\w", m.id):
            assert len(re.findall(r"&\w", m.string)) == 1, f"{m.id!r}: one mnemonic, got {m.string!r}"


def test_english_catalog_has_every_string():
    pot = ids(catalog(I18N / "messages.pot"))
    assert pot <= ids(catalog(update_i18n.po_file("en"))), "run tools/update_i18n.py"


@pytest.mark.parametrize("lang", update_i18n.LANGUAGES)
def test_mo_files_are_compiled_from_the_current_po(tmp_path, lang, monkeypatch):
    monkeypatch.setattr(update_i18n, "LANGUAGES", (lang,))
    update_i18n.compile_all(tmp_path)
    rel = Path(lang) / "LC_MESSAGES" / "ita_desktop.mo"
    with open(tmp_path / rel, "rb") as fresh, open(I18N / rel, "rb") as committed:
        assert gettext.GNUTranslations(committed)._catalog == gettext.GNUTranslations(fresh)._catalog, \
            f"{rel} is older than its .po: run tools/update_i18n.py --compile"


def test_extracting_again_finds_nothing_new(tmp_path):
    fresh = tmp_path / "messages.pot"
    update_i18n.extract(fresh)
    now, committed = ids(catalog(fresh)), ids(catalog(I18N / "messages.pot"))
    assert not now - committed, f"strings missing from messages.pot (run tools/update_i18n.py): {now - committed}"
    assert not committed - now, f"strings no longer in the code: {committed - now}"


def test_extraction_covers_the_designer_strings():
    tree = ast.parse((REPO / "ita_desktop" / "gui" / "ui_main_window.py").read_text(encoding="utf-8"))
    texts = {node.args[1].value for node in ast.walk(tree)
             if isinstance(node, ast.Call) and getattr(node.func, "attr", None) == "translate"}
    assert {"&File", "&Analysis report…", "Office"} <= texts
    assert set(texts) <= ids(catalog(I18N / "messages.pot"))


def test_gettext_thai_is_the_default_and_english_is_the_source():
    assert i18n.DEFAULT_LANGUAGE == "th"
    try:
        i18n.set_language("th")
        assert i18n._("&File") == "แฟ้ม (&F)"
        assert i18n._("") == ""  # never the catalog header
        i18n.set_language("en")
        assert i18n._("&File") == "&File"
        with pytest.raises(ValueError):
            i18n.set_language("fr")
        assert i18n.language() == "en"
    finally:
        i18n.set_language(i18n.DEFAULT_LANGUAGE)


def test_a_missing_thai_catalog_is_an_install_fault(tmp_path, monkeypatch):
    from ita_desktop.resources import ResourceMissing

    monkeypatch.setattr("ita_desktop.i18n.resource_path", lambda *p: tmp_path.joinpath(*p))
    i18n.translations.cache_clear()
    try:
        with pytest.raises(ResourceMissing):
            i18n.translations("th")
        assert i18n.translations("en").gettext("&File") == "&File"
    finally:
        i18n.translations.cache_clear()


def test_qt_translate_answers_from_the_catalog(qapp):
    from PySide6.QtCore import QCoreApplication

    from ita_desktop.gui.language import GettextTranslator

    translator = GettextTranslator()
    assert qapp.installTranslator(translator)
    try:
        i18n.set_language("th")
        assert QCoreApplication.translate("MainWindow", "&File") == "แฟ้ม (&F)"
        assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "ยกเลิก"
        assert QCoreApplication.translate("MainWindow", "not in the catalog") == "not in the catalog"
        assert QCoreApplication.translate("MainWindow", "") == ""
        i18n.set_language("en")
        assert QCoreApplication.translate("MainWindow", "&File") == "&File"
    finally:
        qapp.removeTranslator(translator)
        i18n.set_language(i18n.DEFAULT_LANGUAGE)
