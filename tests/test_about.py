"""Help → About: the versions and licences of what the program ships, and the details for support."""

from __future__ import annotations

import importlib.metadata
import re
import struct
from pathlib import Path

import pytest

from ita_desktop import __version__, about
from ita_desktop.i18n import _
from ita_desktop.resources import resource_path
from guitest import SIZE_HINTS
from sfnt import with_names

pytestmark = [pytest.mark.qt_log_ignore(SIZE_HINTS)]

REPO = Path(__file__).resolve().parents[1]


def locked() -> dict[str, str]:
    """name → version of the runtime distributions pinned in requirements.lock."""
    out = {}
    for line in (REPO / "requirements.lock").read_text(encoding="utf-8").splitlines():
        m = re.match(r"^([A-Za-z0-9_.\-]+)==([\w.]+)", line)
        if m:
            out[m.group(1)] = m.group(2)
    return out


def norm(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def by_name(parts) -> dict[str, about.Component]:
    return {norm(c.name): c for c in parts}


def test_every_locked_distribution_is_listed_with_its_installed_version_and_a_licence():
    parts = by_name(about.components("6.9.9"))
    missing = set()
    for name in locked():
        if name == "pip":  # sqlite-utils' `install` command needs it; the program never imports it
            continue
        if norm(name) not in parts:
            missing.add(name)
            continue
        c = parts[norm(name)]
        assert c.version == importlib.metadata.version(name), name
        assert c.licence and c.licence != about.UNKNOWN and "\n" not in c.licence, (name, c.licence)
        assert c.role, name
    assert not missing, f"add to about.DISTRIBUTIONS: {sorted(missing)}"
    assert parts["pyside6-essentials"].licence == "LGPL-3.0-only OR GPL-2.0-only OR GPL-3.0-only"
    assert parts["reportlab"].licence == "BSD-3-Clause" and parts["pythainlp"].licence == "Apache-2.0"
    assert parts["pypdfium2"].licence == "Apache-2.0 OR BSD-3-Clause" and parts["pdfium"].licence == "BSD-3-Clause"
    assert parts["harfbuzz"].licence == "MIT-Modern-Variant"


def test_the_list_starts_with_the_program_python_qt_and_the_font():
    parts = about.components("6.9.9")
    assert [c.name for c in parts[:3]] == ["ITA Desktop", "Python", "Qt"]
    assert parts[0].version == __version__ and parts[0].licence == "GPL-2.0-or-later"
    assert parts[2].version == "6.9.9"
    font = by_name(parts)["laksaman"]
    assert font.licence == "GPL-2.0-or-later WITH Font-exception-2.0"
    assert font.licence_file == resource_path("fonts", "LICENSE-Laksaman.txt")
    assert resource_path("fonts", "GPL-2.txt") in font.more_files
    assert "special exception" in font.licence_text() and "GNU GENERAL PUBLIC LICENSE" in font.licence_text()
    words = next(c for c in parts if "words_th.txt" in c.role)
    assert words.licence == "CC0-1.0"


def _name_5(data: bytes) -> str:
    """The Windows-platform name ID 5 of a font, read independently of about.font_version."""
    num = struct.unpack_from(">H", data, 4)[0]
    tables = {struct.unpack_from(">4s", data, 12 + 16 * i)[0]: struct.unpack_from(">II", data, 12 + 16 * i + 8)
              for i in range(num)}
    off, _len = tables[b"name"]
    _fmt, count, strings = struct.unpack_from(">HHH", data, off)
    for i in range(count):
        pid, _e, _l, nid, length, where = struct.unpack_from(">6H", data, off + 6 + 12 * i)
        if pid == 3 and nid == 5:
            return data[off + strings + where: off + strings + where + length].decode("utf-16-be")
    raise AssertionError("no name ID 5")


def test_the_font_version_is_read_from_the_bundled_font_file():
    path = resource_path("fonts", "Laksaman.ttf")
    version = about.font_version(path)
    assert _name_5(path.read_bytes()).strip() == f"Version {version}" == "Version 004.001"
    assert by_name(about.components())["laksaman"].version == version


def test_the_font_version_follows_the_file(tmp_path):
    data = resource_path("fonts", "Laksaman.ttf").read_bytes()
    newer = tmp_path / "newer.ttf"
    newer.write_bytes(with_names(data, {1: "Laksaman", 5: "Version 005.002; ttfautohint"}))
    assert about.font_version(newer) == "005.002"
    no_version = tmp_path / "no_version.ttf"
    no_version.write_bytes(with_names(data, {1: "Laksaman"}))
    assert about.font_version(no_version) == "4.001"  # head.fontRevision
    broken = tmp_path / "broken.ttf"
    broken.write_bytes(b"not a font")
    assert about.font_version(broken) == "unknown" == about.font_version(tmp_path / "missing.ttf")


def test_a_library_without_metadata_shows_unknown_and_nothing_breaks(monkeypatch):
    real_version, real_metadata = importlib.metadata.version, importlib.metadata.metadata

    def missing(name):
        raise importlib.metadata.PackageNotFoundError(name)

    monkeypatch.setattr(about.metadata, "version", lambda n: missing(n) if norm(n) == "pypdf" else real_version(n))
    monkeypatch.setattr(about.metadata, "metadata",
                        lambda n: missing(n) if norm(n) in ("pypdf", "reportlab") else real_metadata(n))
    parts = by_name(about.components())
    assert parts["pypdf"].version == "unknown" and parts["pypdf"].licence == "unknown"
    assert parts["reportlab"].licence == "BSD-3-Clause"  # the curated table still knows it
    assert parts["reportlab"].version == real_version("reportlab")


def test_details_name_the_versions_the_data_folder_and_the_log_file(tmp_path):
    parts = about.components("6.9.9")
    text = about.details_text(parts, tmp_path / "data", tmp_path / "data" / "logs" / "ita-desktop.log")
    assert text.startswith(f"ITA Desktop {__version__}\n")
    assert "Qt: 6.9.9" in text and f"Data folder: {tmp_path / 'data'}" in text
    assert f"Log file: {tmp_path / 'data' / 'logs' / 'ita-desktop.log'}" in text
    assert re.search(rf"reportlab +{re.escape(importlib.metadata.version('reportlab'))} +BSD-3-Clause", text)
    assert "Log file: none" in about.details_text(parts, tmp_path, None)


# -- the dialog ---------------------------------------------------------------------------------------------
@pytest.fixture
def dialog(qtbot, qapp, data_dir, language, thai_font):
    from ita_desktop.gui.about_dialog import AboutDialog

    d = AboutDialog(None, data_dir=data_dir, log_file=data_dir / "logs" / "ita-desktop.log", qt_version="6.9.9")
    qtbot.addWidget(d)
    d.show()
    return d


def test_the_model_passes_the_model_tester(qtmodeltester, dialog):
    from ita_desktop.gui.about_dialog import ComponentModel

    qtmodeltester.check(dialog.model)
    assert dialog.model.columnCount() == 4 and dialog.model.rowCount() == len(dialog.parts)
    index = dialog.model.index(1, ComponentModel.VERSION)
    assert dialog.model.data(index) == dialog.parts[1].version


def test_the_table_lists_the_components_and_shows_the_licence_of_the_selected_one(dialog):
    from ita_desktop.gui.about_dialog import ComponentModel

    model = dialog.model
    names = [model.data(model.index(r, ComponentModel.NAME)) for r in range(model.rowCount())]
    assert names[:3] == ["ITA Desktop", "Python", "Qt"] and "reportlab" in names and "Laksaman" in names
    dialog.select(names.index("Laksaman"))
    text = dialog.licence.toPlainText()
    assert "Laksaman" in text and "special exception" in text and "GNU GENERAL PUBLIC LICENSE" in text
    dialog.select(names.index("reportlab"))
    assert "reportlab" in dialog.licence.toPlainText().lower() and dialog.licence.isReadOnly()


def test_a_component_whose_licence_text_is_not_bundled_says_so(qtbot, data_dir, language):
    from ita_desktop.gui.about_dialog import AboutDialog

    parts = [about.Component("somelib", "1.0", "MIT", "used by tests", "https://example.org/somelib", None)]
    d = AboutDialog(None, data_dir=data_dir, log_file=None, parts=parts)
    qtbot.addWidget(d)
    d.select(0)
    assert d.licence.toPlainText() == _("The licence text of {name} is not bundled. Licence: {licence}").format(
        name="somelib", licence="MIT") + "\nhttps://example.org/somelib"


def test_every_component_has_its_licence_text_bundled():
    missing = [c.name for c in about.components() if c.licence_text() is None]
    assert not missing, f"run tools/collect_licences.py: {missing}"


def test_a_version_without_metadata_reads_unknown_in_the_table(qtbot, data_dir, language):
    from ita_desktop.gui.about_dialog import AboutDialog, ComponentModel

    part = about.Component("somelib", about.UNKNOWN, "MIT", "used by tests", "", None)
    d = AboutDialog(None, data_dir=data_dir, log_file=None, parts=[part])
    qtbot.addWidget(d)
    assert d.model.data(d.model.index(0, ComponentModel.VERSION)) == _("unknown")


def test_copy_details_puts_the_versions_and_the_data_folder_on_the_clipboard(dialog, data_dir, qtbot):
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication

    QApplication.clipboard().clear()
    qtbot.mouseClick(dialog.copy_button, Qt.MouseButton.LeftButton)
    text = QApplication.clipboard().text()
    assert f"ITA Desktop {__version__}" in text and "Qt: 6.9.9" in text
    assert f"Data folder: {data_dir}" in text and f"Log file: {data_dir / 'logs' / 'ita-desktop.log'}" in text
    assert "pypdf" in text and importlib.metadata.version("pypdf") in text


def test_the_data_folder_and_log_file_links_open_them(dialog, data_dir, monkeypatch):
    from PySide6.QtCore import QUrl
    from PySide6.QtGui import QDesktopServices

    opened = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url.toLocalFile()) or True)
    label = dialog.places.text()
    hrefs = re.findall(r'href="([^"]+)"', label)
    assert [QUrl(h).toLocalFile() for h in hrefs] == [str(data_dir), str(data_dir / "logs" / "ita-desktop.log")]
    for h in hrefs:
        dialog.places.linkActivated.emit(h)
    assert opened == [str(data_dir), str(data_dir / "logs" / "ita-desktop.log")]


def test_the_dialog_fits_a_1366_by_768_screen_at_150_percent(dialog):
    hint = dialog.minimumSizeHint().expandedTo(dialog.minimumSize())
    assert hint.width() <= 1366 / 1.5 and hint.height() <= 768 / 1.5, hint
    free = dialog.screen().availableGeometry()
    assert dialog.width() <= free.width() and dialog.height() <= free.height()


def test_a_long_data_folder_path_does_not_widen_the_dialog(qtbot, tmp_path):
    """A clerk with a long Windows user name: the path is shortened in the middle, the dialog still fits."""
    from ita_desktop.gui.about_dialog import AboutDialog

    deep = tmp_path / ("ผู้ใช้ชื่อยาวมาก" * 6) / "AppData" / "Roaming" / "ITA Desktop" / "ITA Desktop"
    dialog = AboutDialog(None, data_dir=deep, log_file=deep / "logs" / "ita-desktop.log")
    qtbot.addWidget(dialog)
    hint = dialog.minimumSizeHint().expandedTo(dialog.minimumSize())
    assert hint.width() <= 1366 / 1.5, hint
    assert "…" in dialog.places.text()
    assert str(deep) in dialog.details()  # Copy details still gives the whole path
