"""Help → About: the program's version and licence, the versions and licences of everything
bundled with it (``ita_desktop.about.components``), the data folder and the log file.

Selecting a component shows its licence text below the table (read-only).
The data folder and the log file are links that open them (the file
manager, the text editor). "Copy details" puts ``about.details_text`` on
the clipboard for a support request.
"""

from __future__ import annotations

import html
from pathlib import Path
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, QSize, Qt, QUrl, qVersion
from PySide6.QtGui import QDesktopServices, QFontDatabase, QGuiApplication
from PySide6.QtWidgets import (QAbstractItemView, QDialog, QDialogButtonBox, QHeaderView, QLabel, QPlainTextEdit,
                               QPushButton, QSplitter, QTableView, QVBoxLayout, QWidget)

from ita_desktop import __version__
from ita_desktop.about import Component, components, details_text
from ita_desktop.gui.thaiedit import breakable, set_wrapped_text
from ita_desktop.i18n import N_, _

_Index = QModelIndex | QPersistentModelIndex


class ComponentModel(QAbstractTableModel):
    """The components as a read-only table, one row each, in the given order.

    Columns: ``NAME``, ``VERSION``, ``LICENCE`` (SPDX), ``ROLE`` (what it
    does, UI language). ``COMPONENT_ROLE`` gives the row's ``Component``;
    the tooltip of a name is its home page.
    """

    NAME, VERSION, LICENCE, ROLE = range(4)
    HEADERS = (N_("Component"), N_("Version"), N_("Licence"), N_("Used for"))
    COMPONENT_ROLE = Qt.ItemDataRole.UserRole + 1

    def __init__(self, parts: list[Component], parent: QWidget | None = None):
        super().__init__(parent)
        self.parts = list(parts)

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802, B008 (Qt API)
        return 0 if parent.isValid() else len(self.parts)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802, B008 (Qt API)
        return 0 if parent.isValid() else len(self.HEADERS)

    def component(self, row: int) -> Component:
        """The component shown in ``row``. Raises IndexError."""
        return self.parts[row]

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self.parts)):
            return None
        c = self.parts[index.row()]
        col = index.column()
        if role == self.COMPONENT_ROLE:
            return c
        if role == Qt.ItemDataRole.DisplayRole:
            if col == self.VERSION and c.version == "unknown":
                return _("unknown")
            return (c.name, c.version, c.licence, c.role)[col] if 0 <= col < 4 else None
        if role == Qt.ItemDataRole.ToolTipRole:  # the whole text of a cut cell; the home page of a name
            if col == self.NAME:
                return "\n".join(t for t in (c.name, c.url) if t)
            return (None, c.version, c.licence, c.role)[col] if 0 <= col < 4 else None
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802 (Qt API)
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return _(self.HEADERS[section]) if 0 <= section < len(self.HEADERS) else None
        return section + 1


#: A path longer than this many characters is shown shortened in the middle (a path cannot wrap).
LINK_CHARS = 60


def _link(path: Path) -> str:
    """An HTML link opening ``path``; its text is the path, shortened in the middle to
    ``LINK_CHARS`` characters so that a long Windows user name cannot widen the dialog
    past a 1366 × 768 screen (the full path is in Copy details)."""
    text = str(path)
    if len(text) > LINK_CHARS:
        head = LINK_CHARS // 3
        text = text[:head] + "…" + text[-(LINK_CHARS - head - 1):]
    return (f'<a href="{html.escape(QUrl.fromLocalFile(str(path)).toString())}" '
            f'title="{html.escape(str(path))}">{html.escape(text)}</a>')


class AboutDialog(QDialog):
    """Help → About ITA Desktop.

    ``data_dir``: the data folder in use; ``log_file``: the log file
    (``ita_desktop.logs.setup_logging``'s answer; None: no log file);
    ``qt_version``: Qt's version (default: ``qVersion()``); ``parts``: the
    components to list (default: ``about.components(qt_version)``; tests
    pass their own). Modal by ``exec()``; nothing is changed.
    """

    def __init__(self, parent: QWidget | None = None, *, data_dir: Path, log_file: Path | None,
                 qt_version: str | None = None, parts: list[Component] | None = None):
        super().__init__(parent)
        self.setObjectName("aboutDialog")
        self.setWindowTitle(_("About ITA Desktop"))
        self.data_dir = Path(data_dir)
        self.log_file = Path(log_file) if log_file else None
        self.parts = parts if parts is not None else components(qt_version or qVersion())

        self.heading = QLabel(self)
        self.heading.setObjectName("aboutHeading")
        self.heading.setWordWrap(True)
        self.heading.setTextFormat(Qt.TextFormat.RichText)
        self.heading.setText(
            f"<b style='font-size:large'>ITA Desktop {html.escape(__version__)}</b>&nbsp;&nbsp;"
            # ZWSPs at the Thai word boundaries: Windows has no libthai to wrap Thai (gui.thaiedit)
            + html.escape(breakable(_("Writes the ITA documents of a Thai local government office, offline."))))
        self.font_note = QLabel(self)
        set_wrapped_text(self.font_note, _("Licence: GNU GPL version 2 or later.") + " " + _(
            "Thai font: Laksaman (Thai Linux Working Group, from TH Sarabun PSK by SIPA), licence GPL-2+ with "
            "font exception: embedding the font in a document does not by itself put the document under the "
            "GPL."))
        self.font_note.setObjectName("aboutLicenceNote")

        self.places = QLabel(self)
        self.places.setObjectName("aboutPlaces")
        self.places.setTextFormat(Qt.TextFormat.RichText)
        self.places.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
        self.places.setOpenExternalLinks(False)
        self.places.linkActivated.connect(self.open_link)
        self.places.setWordWrap(True)
        log_text = _link(self.log_file) if self.log_file else html.escape(
            _("none (the data folder cannot be written)"))
        self.places.setText(html.escape(_("Data folder:")) + " " + _link(self.data_dir) + "<br>"
                            + html.escape(_("Log file:")) + " " + log_text)

        self.model = ComponentModel(self.parts, self)
        self.table = QTableView(self)
        self.table.setObjectName("aboutComponents")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        self.table.setAccessibleName(_("Bundled fonts and libraries"))
        header = self.table.horizontalHeader()
        for col in (ComponentModel.NAME, ComponentModel.VERSION, ComponentModel.LICENCE):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(ComponentModel.ROLE, QHeaderView.ResizeMode.Stretch)
        self.table.resizeColumnsToContents()
        for col, most in ((ComponentModel.NAME, 230), (ComponentModel.LICENCE, 240)):
            self.table.setColumnWidth(col, min(self.table.columnWidth(col), most))

        self.licence = QPlainTextEdit(self)
        self.licence.setObjectName("aboutLicence")
        self.licence.setReadOnly(True)
        self.licence.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)  # licence texts have their own lines
        self.licence.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.licence.setAccessibleName(_("Licence text of the selected component"))

        split = QSplitter(Qt.Orientation.Vertical, self)
        split.addWidget(self.table)
        split.addWidget(self.licence)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 1)
        split.setChildrenCollapsible(False)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.copy_button = QPushButton(_("&Copy details"), self)
        self.copy_button.setObjectName("aboutCopyDetails")
        self.copy_button.setToolTip(_("Versions, the data folder and the log file, for a support request"))
        self.buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.copy_button.clicked.connect(self.copy_details)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.setSpacing(4)
        layout.addWidget(self.heading)
        layout.addWidget(self.font_note)
        layout.addWidget(self.places)
        layout.addWidget(split, 1)
        layout.addWidget(self.buttons)

        self.table.selectionModel().currentRowChanged.connect(lambda cur, _prev: self.show_licence(cur.row()))
        if self.parts:
            self.table.selectRow(0)
        self.buttons.button(QDialogButtonBox.StandardButton.Close).setFocus()
        self.resize(self._start_size())

    def _start_size(self) -> QSize:
        """About 1000 × 700, never more than 95 % of the screen's free area."""
        screen = self.screen() or QGuiApplication.primaryScreen()
        want = QSize(1000, 700)
        if screen is None:
            return want
        free = screen.availableGeometry().size()
        return want.boundedTo(QSize(int(free.width() * 0.95), int(free.height() * 0.95)))

    def select(self, row: int) -> None:
        """Select the component in ``row`` (its licence text shows below)."""
        self.table.selectRow(row)

    def show_licence(self, row: int) -> None:
        """Show the licence text of the component in ``row`` (a note when its text is not bundled)."""
        if not 0 <= row < self.model.rowCount():
            self.licence.clear()
            return
        c = self.model.component(row)
        text = c.licence_text()
        if text is None:
            text = _("The licence text of {name} is not bundled. Licence: {licence}").format(
                name=c.name, licence=c.licence) + (f"\n{c.url}" if c.url else "")
        self.licence.setPlainText(text)

    def details(self) -> str:
        """What "Copy details" copies (``about.details_text``)."""
        return details_text(self.parts, self.data_dir, self.log_file)

    def copy_details(self) -> None:
        """Put the versions, the data folder and the log file on the clipboard."""
        QGuiApplication.clipboard().setText(self.details())

    def open_link(self, url: str) -> bool:
        """Open the data folder or the log file (a ``file:`` URL) with the system's program."""
        return QDesktopServices.openUrl(QUrl(url))
