"""The language of the window: gettext for Python code, a QTranslator for Designer code.

``pyside6-uic`` generates ``retranslateUi()`` methods that call
``QCoreApplication.translate(context, text)``. ``GettextTranslator`` answers
those calls from the same gettext catalog as ``_()``, so one catalog (edited
with ordinary .po tools, compiled with Babel) covers both.

Switching language (``UiLanguage.apply``) reinstalls the translator, which
makes Qt send ``QEvent.LanguageChange`` to every window; windows re-translate
themselves in ``changeEvent``.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QSettings, QTranslator

from ita_desktop import i18n
from ita_desktop.i18n import N_

SETTINGS_KEY = "ui/language"

# Strings of Qt's own widgets that a clerk meets (message box buttons, the
# line edit's context menu, the file dialog). PySide6-Essentials ships no
# Thai Qt catalog, so they are translated here; the translator ignores the
# context, so Qt's "OK" finds this "OK".
QT_STRINGS = (
    N_("OK"), N_("Cancel"), N_("Close"), N_("Save"), N_("&Yes"), N_("&No"), N_("&OK"), N_("&Cancel"),
    N_("&Undo"), N_("&Redo"), N_("Cu&t"), N_("&Copy"), N_("&Paste"), N_("Delete"), N_("Select All"),
    N_("&Save"), N_("&Open"), N_("File &name:"), N_("Files of type:"), N_("Look in:"),
)


class GettextTranslator(QTranslator):
    """A QTranslator that answers from the current gettext catalog (``ita_desktop.i18n``).

    Returns None (no translation, Qt keeps the source text) for strings the
    catalog does not translate, so other translators still get asked.
    """

    def translate(self, context, source_text, disambiguation=None, n=-1):  # noqa: N802 (Qt name)
        """Qt's lookup: the translation of ``source_text``, or None when there is none."""
        if not source_text:
            return None
        text = i18n._(source_text)
        return text if text != source_text else None

    def isEmpty(self) -> bool:  # noqa: N802 (Qt name)
        """Never empty: Qt only announces a language change for a non-empty translator."""
        return False


class UiLanguage:
    """Sets the user-interface language of one QApplication and remembers it in ``settings``.

    ``saved()`` is the language stored in the settings (Thai when none or
    an unknown one is stored); ``apply(lang)`` switches the gettext catalog,
    reinstalls the translator (windows then receive LanguageChange) and
    stores the choice.
    """

    def __init__(self, app: QCoreApplication, settings: QSettings):
        self.app = app
        self.settings = settings
        self.translator = GettextTranslator()
        self._installed = False

    def saved(self) -> str:
        """The language remembered in the settings, or the default (Thai)."""
        lang = self.settings.value(SETTINGS_KEY, i18n.DEFAULT_LANGUAGE, type=str)
        return lang if lang in i18n.LANGUAGES else i18n.DEFAULT_LANGUAGE

    def current(self) -> str:
        """The language in use now."""
        return i18n.language()

    def apply(self, language: str) -> None:
        """Use ``language`` from now on and remember it.

        Raises ValueError for an unknown language and ResourceMissing when
        its catalog is not installed; nothing changes then.
        """
        i18n.set_language(language)
        self.settings.setValue(SETTINGS_KEY, language)
        if self._installed:
            self.app.removeTranslator(self.translator)
        self._installed = self.app.installTranslator(self.translator)

    def uninstall(self) -> None:
        """Remove the translator from the application (tests; shutting down)."""
        if self._installed:
            self.app.removeTranslator(self.translator)
            self._installed = False
