"""The first-run welcome: what the program does and three ways to begin.

The window shows it over itself when the (writable) database has no office
yet, and Help → Welcome… opens it at any time. The clerk chooses one of:

* ``DEMO``: look around with the demo offices (อบต.ห้วยเตย 2568 and
  อบต.ปากช่อง 2565, imported in one transaction, ห้วยเตย 2568 selected);
* ``NEW_OFFICE``: start with my office (the year wizard for a new office);
* ``IMPORT``: import an office's data file (File → Import…).

The dialog only records the choice (``choice``) and closes; the window then
does it (``MainWindow.welcome_choice``), so the wizard or the import dialog
never opens on top of the welcome. Esc or Close leaves the empty window,
whose notice and status bar say how to begin. The data folder in use is shown
with a Settings… button (``open_settings``, a callable the window passes);
after Settings… the text is read again from the settings, and a new folder
chosen there is shown as the one used from the next start.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from PySide6.QtCore import QEvent, QSize, Qt
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QHBoxLayout, QLabel, QPushButton, QSizePolicy,
                               QVBoxLayout, QWidget)

from ita_desktop.datadir import data_dir_from_environment, default_data_dir
from ita_desktop.gui.thaiedit import set_wrapped_text
from ita_desktop.i18n import _

DEMO = "demo"
NEW_OFFICE = "new_office"
IMPORT = "import"
#: The choices, in the order of the buttons.
CHOICES = (DEMO, NEW_OFFICE, IMPORT)


class ChoiceButton(QPushButton):
    """A large button: a bold title (with its Alt+letter, ``&`` in the text) over a one-line explanation,
    both in the application's font (``QCommandLinkButton`` draws them at a fixed 9 pt, too small for
    the Thai font)."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.title = QLabel(self)
        self.title.setObjectName("choiceTitle")
        font = self.title.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.title.setFont(font)
        self.title.setBuddy(self)  # its Alt+letter clicks the button
        self.description = QLabel(self)
        self.description.setObjectName("choiceDescription")
        self.description.setWordWrap(True)
        for label in (self.title, self.description):
            label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        layout = QVBoxLayout(self)
        m = self.fontMetrics().height() // 2
        layout.setContentsMargins(m * 2, m, m * 2, m)
        layout.setSpacing(m // 3)
        layout.addWidget(self.title)
        layout.addWidget(self.description)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)

    def set_texts(self, title: str, description: str) -> None:
        """The title (``&`` marks the Alt+letter) and the explanation; also the accessible name and description."""
        self.title.setText(title)
        set_wrapped_text(self.description, description)  # Windows has no libthai to wrap Thai
        self.setAccessibleName(title.replace("&", ""))
        self.setAccessibleDescription(description)

    def text(self) -> str:  # noqa: D102 (QPushButton's: the title, as on screen)
        return self.title.text()

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt name)
        """As big as the two labels need."""
        return self.layout().sizeHint().expandedTo(super().sizeHint())

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt name)
        """The labels' minimum."""
        return self.layout().minimumSize()


class WelcomeDialog(QDialog):
    """The welcome (see the module docstring).

    ``data_dir``: the data folder in use (where the database, backups and
    logs live). ``open_settings``: called by the Settings… button (None: no
    button). ``settings``: the user's settings (a QSettings), read after
    Settings… for a folder chosen for the next start (None: not shown). After ``exec()``, ``choice`` is ``DEMO``, ``NEW_OFFICE``,
    ``IMPORT`` (accepted) or None (closed). ``button(choice)`` is the button
    of a choice (tests click it).
    """

    def __init__(self, parent: QWidget | None = None, *, data_dir: Path,
                 open_settings: Callable[[], object] | None = None, settings=None):
        super().__init__(parent)
        self.setObjectName("welcomeDialog")
        self.setModal(True)
        self.data_dir = Path(data_dir)
        self.settings = settings
        self.choice: str | None = None
        layout = QVBoxLayout(self)
        self.heading = QLabel(self)
        self.heading.setObjectName("welcomeHeading")
        font = self.heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setBold(True)
        self.heading.setFont(font)
        self.intro = QLabel(self)
        self.intro.setObjectName("welcomeIntro")
        self.intro.setWordWrap(True)
        layout.addWidget(self.heading)
        layout.addWidget(self.intro)
        layout.addSpacing(self.fontMetrics().height() // 2)
        self._buttons: dict[str, ChoiceButton] = {}
        for choice in CHOICES:
            b = ChoiceButton(self)
            b.setObjectName(f"welcome_{choice}")
            b.setAutoDefault(False)
            b.clicked.connect(lambda _checked=False, c=choice: self.choose(c))
            layout.addWidget(b)
            self._buttons[choice] = b
        layout.addSpacing(self.fontMetrics().height() // 2)
        where = QHBoxLayout()
        self.data_label = QLabel(self)
        self.data_label.setObjectName("welcomeDataFolder")
        self.data_label.setWordWrap(True)
        self.data_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        where.addWidget(self.data_label, 1)
        self.settings_button = QPushButton(self)
        self.settings_button.setObjectName("welcomeSettings")
        self.settings_button.setAutoDefault(False)
        if open_settings is not None:
            self.settings_button.clicked.connect(lambda: (open_settings(), self.show_data_folder()))
        else:
            self.settings_button.hide()
        where.addWidget(self.settings_button, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(where)
        self.button_box = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.button_box.rejected.connect(self.reject)
        layout.addWidget(self.button_box)
        # about 60 Thai letters wide: the explanations stay on one or two lines
        self.setMinimumWidth(self.fontMetrics().horizontalAdvance("ก") * 60)
        self.retranslate()
        self._buttons[DEMO].setFocus()

    def button(self, choice: str) -> ChoiceButton:
        """The button of ``choice`` (one of ``CHOICES``)."""
        return self._buttons[choice]

    def choose(self, choice: str) -> None:
        """Record ``choice`` and close the dialog (accepted)."""
        if choice not in CHOICES:
            raise ValueError(f"unknown welcome choice {choice!r}")
        self.choice = choice
        self.accept()

    def retranslate(self) -> None:
        """Texts in the current language."""
        self.setWindowTitle(_("Welcome to ITA Desktop"))
        self.heading.setText(_("Welcome to ITA Desktop"))
        set_wrapped_text(self.intro, _("ITA Desktop keeps your office's ITA data in one place and prints the Thai documents "
                             "to publish: the analysis of the scores, the measures, the reports on them and the "
                             "memo. It works without the internet."))
        texts = {
            DEMO: (_("&Look around with the demo offices"),
                   _("Two offices from published reports (อบต.ห้วยเตย 2568, อบต.ปากช่อง 2565) to try every "
                     "part of the program on.")),
            NEW_OFFICE: (_("Start with &my office"),
                         _("The year wizard asks for your office and the people who sign, then takes you step by "
                           "step from the scores to the printed documents.")),
            IMPORT: (_("&Import an office's data file…"),
                     _("An office's data file (.json) saved by ITA Desktop on another computer.")),
        }
        for choice, (text, description) in texts.items():
            self._buttons[choice].set_texts(text, description)
        self.show_data_folder()
        self.settings_button.setText(_("&Settings…"))
        self.settings_button.setToolTip(_("Choose the data folder, the font and digits of new offices, "
                                          "the language"))

    def next_data_dir(self) -> Path | None:
        """The data folder the settings name for the next start when it is not the one in use, else None."""
        if self.settings is None or data_dir_from_environment():
            return None
        chosen = default_data_dir(self.settings)
        return chosen if chosen != self.data_dir else None

    def show_data_folder(self) -> None:
        """The data folder text: the folder in use, and the one chosen for the next start."""
        text = _("Your data is kept in: {folder}").format(folder=self.data_dir)
        later = self.next_data_dir()
        if later is not None:
            text += "\n" + _("From the next start: {folder}").format(folder=later)
        set_wrapped_text(self.data_label, text)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt name)
        """Re-translate on a language change (Settings… may switch the language)."""
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
