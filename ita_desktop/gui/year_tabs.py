"""The editing tabs of the main window: the office, the analysis, the measures, the results, the memo.

Each tab is built from ``forms`` pieces (``RecordForm``, ``ListEditor``)
over the window's ``YearDocument``; ``bind(document)`` points a tab at the
office and year being edited. What each field edits is the interchange
document's key of the same name (``resources/schema/office.schema.json``),
so every value the documents print has a field here.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import QLabel, QSplitter, QTabWidget, QVBoxLayout, QWidget

from ita_desktop.domain.framework import FrameworkError, framework_for
from ita_desktop.gui.editing import YearDocument, unique_key
from ita_desktop.gui.forms import Column, Field, ListEditor, RecordForm, date_text, key_column
from ita_desktop.i18n import N_, _

OFFICE_TYPES = ("อบต.", "เทศบาลตำบล", "เทศบาลเมือง", "เทศบาลนคร", "อบจ.", "อื่น ๆ")
ROUNDS = ((6, N_("6 months")), (12, N_("12 months")))
SIGNATURES = (("", N_("Blank space for a pen")), ("image", N_("The signer's signature image")),
              ("typed", N_("The typed name (e-saraban)")))


class _Tab(QWidget):
    """A tab bound to the window's document; subclasses set ``editors`` and ``forms``."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.document: YearDocument | None = None

    def _follow(self, document: YearDocument | None) -> None:
        """Make ``document`` the tab's, and call ``_changed(path)`` on its changes."""
        if self.document is not None and self.document is not document and hasattr(self, "_changed"):
            self.document.changed.disconnect(self._changed)
        if document is not None and document is not self.document and hasattr(self, "_changed"):
            document.changed.connect(self._changed)
        self.document = document

    def retranslate(self) -> None:
        """Texts in the current language (subclasses)."""

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt name)
        """Re-translate on a language change."""
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def choices_people(self) -> list[tuple[Any, str]]:
        """(person key, "name – position") for the office's people, with an empty choice first."""
        people = (self.document.get(("office", "people"), []) or []) if self.document else []
        return [("", "–")] + [(p["key"], f"{p.get('name', '')} – {p.get('position', '')}") for p in people
                              if p.get("key")]

    def choices_departments(self) -> list[tuple[Any, str]]:
        """The office's departments, with an empty choice first."""
        names = (self.document.get(("office", "departments"), []) or []) if self.document else []
        return [("", "–")] + [(n, n) for n in names]

    def choices_indicators(self) -> list[tuple[Any, str]]:
        """Indicator numbers 1–10 with the fiscal year's names (NACC ITA manual of that year)."""
        try:
            fw = framework_for(self.document.year) if self.document else None
        except FrameworkError:
            fw = None
        out: list[tuple[Any, str]] = [(None, "–")]
        for n in range(1, 11):
            name = fw.indicators[n].name if fw else ""
            out.append((n, f"{n}. {name}".strip()))
        return out

    def choices_measures(self) -> list[tuple[Any, str]]:
        """(measure key, "key title") of the year's measures."""
        measures = (self.document.get(("assessment", "measures"), []) or []) if self.document else []
        return [(m["key"], f"{m['key']} {m.get('title', '')}"[:80]) for m in measures if m.get("key")]


# -- the office ------------------------------------------------------------------------------
OFFICE_FIELDS = [
    Field("name", N_("Full name"), required=True, hint=N_("e.g. องค์การบริหารส่วนตำบลห้วยเตย")),
    Field("short_name", N_("Short name"), hint=N_("e.g. อบต.ห้วยเตย")),
    Field("type", N_("Type"), "choice", required=True, choices=[(t, t) for t in OFFICE_TYPES]),
    Field("subdistrict", N_("Subdistrict")),
    Field("district", N_("District")),
    Field("province", N_("Province"), required=True),
    Field("doc_prefix", N_("Document-number prefix"), hint=N_("e.g. ขก 71801")),
    Field("website", N_("Website"), hint=N_("https://…")),
    Field("departments", N_("Departments (one per line)"), "lines", lines=4),
    Field("font", N_("Font of the documents"), "choice"),
    Field("thai_digits", N_("Print Thai digits (๑๒๓)"), "bool", default=True),
    Field("emblem", N_("Emblem"), "image", mnemonics=("i", "v")),
]

PEOPLE_FIELDS = [
    Field("name", N_("Name"), required=True, hint=N_("e.g. นายสมชาย ใจดี")),
    Field("position", N_("Position"), required=True, hint=N_("e.g. ปลัดองค์การบริหารส่วนตำบล")),
    Field("department", N_("Department"), "choice"),
    Field("key", N_("Short key"), required=True),
    Field("signature", N_("Signature image"), "image", mnemonics=("g", "b")),
]


class OfficeTab(_Tab):
    """The office profile, its departments, people (signatories) and images."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("officeTab")
        fields = list(OFFICE_FIELDS)
        fields[fields.index(next(f for f in fields if f.key == "font"))] = Field(
            "font", N_("Font of the documents"), "choice", choices=self._font_choices)
        self.form = RecordForm("office", fields, self)
        people_fields = [Field(f.key, f.label, f.kind, f.required, self.choices_departments, f.hint)
                         if f.key == "department" else f for f in PEOPLE_FIELDS]
        self.people = ListEditor("people", [key_column("name", N_("Name"), 16),
                                            key_column("position", N_("Position"), 20),
                                            key_column("department", N_("Department"), 12)],
                                 people_fields, self._new_person, self, what=N_("person"), vertical=True)
        self.people_label = QLabel(self)
        split = QSplitter(Qt.Orientation.Horizontal, self)
        from PySide6.QtWidgets import QScrollArea

        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.form)
        split.addWidget(scroll)
        right = QWidget(self)
        rl = QVBoxLayout(right)
        rl.setContentsMargins(0, 0, 0, 0)
        rl.addWidget(self.people_label)
        rl.addWidget(self.people)
        split.addWidget(right)
        split.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.addWidget(split)
        self.retranslate()

    #: Installed Thai font families, looked up when the Office tab is first shown (a scan of the
    #: font folders takes 40–300 ms, too long for the start of the program).
    _families: list[str] | None = None

    def _font_choices(self) -> list[tuple[Any, str]]:
        families = self._families or []
        current = (self.document.get(("office", "font")) if self.document else "") or ""
        if current and current not in families:
            families = [*families, current]
        return [("", _("Laksaman (built in)"))] + [(f, f) for f in families if f != "Laksaman"]

    def _load_families(self) -> None:
        from ita_desktop.pdf.fontfind import installed_families  # fonts: looked up on use

        try:
            OfficeTab._families = sorted({f.name for f in installed_families() if f.has_thai})
        except OSError:
            OfficeTab._families = []

    def _new_person(self, document: YearDocument) -> dict[str, Any]:
        keys = [p.get("key", "") for p in document.get(("office", "people"), []) or []]
        return {"key": unique_key(keys, "p"), "name": _("New person"), "position": _("Position")}

    def bind(self, document: YearDocument | None) -> None:
        """Edit the office of ``document``."""
        self._follow(document)
        if OfficeTab._families is None:
            self._load_families()
        self.form.refresh_choices()
        self.form.bind(document, ("office",) if document else None)
        self.people.bind(document, ("office", "people"))

    def _changed(self, path: tuple) -> None:
        if path[:2] == ("office", "departments") or path[:1] == ("office",) and len(path) == 1:
            self.people.form.refresh_choices()

    def retranslate(self) -> None:
        """Texts in the current language."""
        self.people_label.setText(_("People who sign and approve (signatories):"))


# -- the analysis ----------------------------------------------------------------------------
TEXT_FIELDS = [
    Field("analysis_intro", N_("Introduction of the analysis"), "text", lines=4),
    Field("preface", N_("Preface (leave empty for the standard text)"), "text", lines=4),
    Field("principles", N_("Principles (leave empty for the standard text)"), "text", lines=4),
]
LIMITATION_FIELDS = [
    Field("topic", N_("Topic"), required=True),
    Field("text", N_("Text"), "text"),
]
PLAN_FIELDS = [
    Field("issue", N_("Issue"), "text", required=True, lines=2),
    Field("item", N_("Item code"), hint=N_("e.g. O27")),
    Field("item_text", N_("Item"), "text", lines=2),
    Field("analysis", N_("Analysis"), "text", lines=2),
    Field("measure", N_("Measure"), "text", lines=2),
    Field("related", N_("Related"), "text", lines=2),
    Field("steps", N_("Steps"), "text", lines=2),
    Field("period", N_("Period")),
    Field("responsible", N_("Responsible")),
]


class AnalysisTab(_Tab):
    """The analysis of last year's scores: texts, findings, limitations, next year's plan."""

    proposeRequested = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("analysisTab")
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("analysisTabs")
        self.texts = RecordForm("analysis", TEXT_FIELDS, self)
        finding_fields = [
            Field("indicator", N_("Indicator"), "choice", choices=self.choices_indicators),
            Field("item", N_("Item code"), hint=N_("e.g. O27")),
            Field("urgent", N_("Urgent"), "bool"),
            Field("weak_point", N_("Weak point"), "text", required=True),
            Field("improvement", N_("What to improve"), "text"),
        ]
        self.findings = ListEditor("findings", [key_column("indicator", N_("Indicator"), 6),
                                                key_column("item", N_("Item"), 5),
                                                key_column("weak_point", N_("Weak point"), 40),
                                                key_column("improvement", N_("What to improve"), 30)],
                                   finding_fields, lambda d: {"weak_point": _("Weak point")}, self,
                                   what=N_("finding"))
        self.propose_button = self.findings.add_button("propose")
        self.propose_button.clicked.connect(self.proposeRequested)
        self.limitations = ListEditor("limitations", [key_column("topic", N_("Topic"), 20),
                                                      key_column("text", N_("Text"), 50)],
                                      LIMITATION_FIELDS, lambda d: {"topic": _("Topic")}, self,
                                      what=N_("limitation"))
        self.plan = ListEditor("plan", [key_column("issue", N_("Issue"), 24), key_column("item", N_("Item"), 5),
                                        key_column("measure", N_("Measure"), 30),
                                        key_column("period", N_("Period"), 12)],
                               PLAN_FIELDS, lambda d: {"issue": _("Issue")}, self, what=N_("row of the plan"))
        from PySide6.QtWidgets import QScrollArea

        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.texts)
        self.tabs.addTab(self.findings, "")
        self.tabs.addTab(scroll, "")
        self.tabs.addTab(self.limitations, "")
        self.tabs.addTab(self.plan, "")
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        self.retranslate()

    def propose(self) -> tuple[int, str, bool]:
        """Add a finding for every indicator below the pass mark that has none yet, weak point
        and improvement from the catalogue (``domain.catalogue.propose_findings``), as one undo
        step. Returns (how many, what to tell the clerk, whether it was refused)."""
        from ita_desktop.domain.catalogue import propose_findings

        doc = self.document
        if doc is None:
            return 0, "", False
        scores = doc.get(("assessment", "scores"), {}) or {}
        try:
            proposed = propose_findings(doc.year, scores)
        except (FrameworkError, ValueError) as e:
            return 0, str(e), True
        have = {f.get("indicator") for f in doc.get(("assessment", "findings"), []) or []}
        new = [f for f in proposed if f.get("indicator") not in have]
        if new:
            doc.set(("assessment", "findings"), list(doc.get(("assessment", "findings"), []) or []) + new,
                    text=_("Propose findings"))
            self.findings.select(len(doc.get(("assessment", "findings"))) - len(new))
            return len(new), _("Added {n} findings for the indicators below the pass mark.").format(n=len(new)), False
        if not scores:
            return 0, _("Enter the scores first: findings are proposed for the indicators below the pass mark."), False
        return 0, _("Every indicator below the pass mark already has a finding."), False

    def bind(self, document: YearDocument | None) -> None:
        """Edit the analysis of ``document``."""
        self.document = document
        self.texts.bind(document, ("assessment",) if document else None)
        self.findings.bind(document, ("assessment", "findings"))
        self.findings.form.refresh_choices()
        self.limitations.bind(document, ("assessment", "limitations"))
        self.plan.bind(document, ("assessment", "next_year_plan"))

    def retranslate(self) -> None:
        """Texts in the current language."""
        for i, text in enumerate((_("Fin&dings"), _("Te&xts"), _("L&imitations"), _("Next year's pla&n"))):
            self.tabs.setTabText(i, text)
        self.propose_button.setText(_("&Propose from the scores"))
        self.propose_button.setAccessibleName(_("Propose from the scores"))


# -- the measures -----------------------------------------------------------------------------
MEASURE_FIELDS = [
    Field("title", N_("Measure"), "text", required=True, lines=2),
    Field("issue", N_("Issue it answers"), "text", lines=2),
    Field("steps", N_("Steps"), "text", lines=4),
    Field("responsible", N_("Responsible")),
    Field("period/start", N_("From (day/month/year B.E.)"), "date", hint=N_("e.g. 1/10/2567")),
    Field("period/end", N_("To (day/month/year B.E.)"), "date", hint=N_("e.g. 30/9/2568")),
    Field("period/text", N_("Period as printed"), hint=N_("e.g. ไตรมาสที่ ๑ – ๔")),
    Field("indicators", N_("Indicators"), "ints", hint=N_("e.g. 1, 5, 9")),
    Field("items", N_("Items"), "codes", hint=N_("e.g. O27, O28")),
    Field("key", N_("Short key"), required=True),
]


def _period(m: dict[str, Any]) -> str:
    p = m.get("period") or {}
    return p.get("text") or " – ".join(date_text(d) for d in (p.get("start"), p.get("end")) if d)


class MeasuresTab(_Tab):
    """The year's measures (มาตรการ), one per finding, from the catalogue or typed."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("measuresTab")
        self.editor = ListEditor("measures", [key_column("key", N_("Key"), 6),
                                              key_column("title", N_("Measure"), 36),
                                              key_column("responsible", N_("Responsible"), 16),
                                              Column(N_("Period"), _period, 14),
                                              key_column("indicators", N_("Indicators"), 6)],
                                 MEASURE_FIELDS, self._new_measure, self, what=N_("measure"))
        self.editor.form.renamers["key"] = self._rename_in_results
        self.catalogue_button = self.editor.add_button("catalogue")
        self.copy_button = self.editor.add_button("copyLastYear")
        layout = QVBoxLayout(self)
        layout.addWidget(self.editor)
        self.retranslate()

    store = None  # the Store, for "Copy last year's measures" (None in a draft of a new office)

    def choose_catalogue_entries(self) -> list[str]:
        """Ask which standard measures to add (the catalogue dialog); their keys, [] when cancelled."""
        from ita_desktop.gui.catalogue_dialog import CatalogueDialog

        dialog = CatalogueDialog(self.document.year if self.document else None, self)
        try:
            return dialog.chosen() if dialog.exec() else []
        finally:
            dialog.deleteLater()

    def add_from_catalogue(self, keys: list[str] | None = None) -> tuple[int, str, bool]:
        """Add the standard measures the clerk picks (``keys``, default: ask), adapted to the
        fiscal year (dates, item codes), as one undo step. Returns (how many, message, refused)."""
        from ita_desktop.domain.catalogue import free_key, load_catalogue, measure_from

        doc = self.document
        if doc is None:
            return 0, "", False
        keys = self.choose_catalogue_entries() if keys is None else keys
        if not keys:
            return 0, "", False
        cat = load_catalogue()
        measures = list(doc.get(("assessment", "measures"), []) or [])
        taken = {m.get("key") for m in measures}
        for key in keys:
            m = measure_from(cat.get(key), doc.year)
            m["key"] = free_key(m.get("key") or key, taken)
            taken.add(m["key"])
            measures.append(m)
        doc.set(("assessment", "measures"), measures, text=_("Add measures from the catalogue"))
        self.editor.select(len(measures) - 1)
        return len(keys), _("Added {n} measures from the catalogue.").format(n=len(keys)), False

    def copy_last_year(self) -> tuple[int, str, bool]:
        """Copy the measures of the office's previous fiscal year that this year lacks (same key),
        dates moved on and results left behind (``domain.catalogue.carry_over``), as one undo
        step. Returns (how many, message, refused)."""
        from ita_desktop.domain.catalogue import carry_over

        doc = self.document
        if doc is None:
            return 0, "", False
        earlier = [y for y in self.store.years(doc.office_id) if y < doc.year] \
            if self.store is not None and doc.office_id is not None else []
        if not earlier:
            return 0, _("This office has no earlier fiscal year to copy from."), False
        source_year = max(earlier)
        source = self.store.year_doc(doc.office_id, source_year)["assessment"].get("measures", [])
        measures = list(doc.get(("assessment", "measures"), []) or [])
        have = {m.get("key") for m in measures}
        new = [m for m in carry_over(source, source_year, doc.year) if m.get("key") not in have]
        if new:
            doc.set(("assessment", "measures"), measures + new,
                    text=_("Copy the measures of {year}").format(year=source_year))
            self.editor.select(len(measures))
        return len(new), _("Copied {n} measures from fiscal year {year}.").format(n=len(new), year=source_year), False

    def _rename_in_results(self, old: Any, new: Any) -> None:
        """A measure's key changed: its results follow (same undo step)."""
        doc = self.document
        results = doc.get(("assessment", "results"), []) or []
        if old and new and any(r.get("measure") == old for r in results):
            doc.set(("assessment", "results"), [{**r, "measure": new} if r.get("measure") == old else r
                                                for r in results], text=_("Rename the measure in its results"))

    def _new_measure(self, document: YearDocument) -> dict[str, Any]:
        keys = [m.get("key", "") for m in document.get(("assessment", "measures"), []) or []]
        return {"key": unique_key(keys, "M"), "title": _("New measure")}

    def bind(self, document: YearDocument | None) -> None:
        """Edit the measures of ``document``."""
        self.document = document
        self.editor.bind(document, ("assessment", "measures"))
        self.editor.size_columns()

    def retranslate(self) -> None:
        """Texts in the current language."""
        self.catalogue_button.setText(_("From the &catalogue…"))
        self.catalogue_button.setAccessibleName(_("From the catalogue"))
        self.copy_button.setText(_("Copy last year's measure&s"))
        self.copy_button.setAccessibleName(_("Copy last year's measures"))


# -- the results -------------------------------------------------------------------------------
class ResultsTab(_Tab):
    """What each measure achieved, per report round (6 and 12 months)."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("resultsTab")
        fields = [
            Field("measure", N_("Measure"), "choice", required=True, choices=self.choices_measures),
            Field("round", N_("Round"), "choice", required=True, choices=ROUNDS),
            Field("done", N_("What was done"), "text", lines=4),
            Field("outcome", N_("Outcome"), "text", lines=3),
            Field("suggestions", N_("Problems and suggestions"), "text", lines=2),
            Field("participants", N_("Participants"), "int"),
            Field("target", N_("Target (people)"), "int"),
            Field("evidence_urls", N_("Evidence links (one per line)"), "lines", lines=2),
        ]
        self.editor = ListEditor("results", [key_column("measure", N_("Measure"), 10),
                                             Column(N_("Round"), lambda r: _("{n} months").format(n=r.get("round")),
                                                    8),
                                             key_column("done", N_("What was done"), 40),
                                             key_column("outcome", N_("Outcome"), 30)],
                                 fields, self._new_result, self, what=N_("result"))
        self.fill_button = self.editor.add_button("fillRound")
        layout = QVBoxLayout(self)
        layout.addWidget(self.editor)
        self.retranslate()

    def _new_result(self, document: YearDocument) -> dict[str, Any]:
        measures = [m["key"] for m in document.get(("assessment", "measures"), []) or []]
        done = {(r.get("measure"), r.get("round")) for r in document.get(("assessment", "results"), []) or []}
        for rnd in (6, 12):
            for key in measures:
                if (key, rnd) not in done:
                    return {"measure": key, "round": rnd}
        return {"measure": measures[0] if measures else "", "round": 12}

    def ask_round(self) -> int | None:
        """Ask which report round (6 or 12 months); None when cancelled."""
        from PySide6.QtWidgets import QInputDialog

        items = [_("6 months"), _("12 months")]
        item, ok = QInputDialog.getItem(self, _("Results"), _("Report round:"), items, 1, False)
        return (6 if item == items[0] else 12) if ok else None

    def add_missing(self, rnd: int | None = None) -> tuple[int, str, bool]:
        """One empty result for every measure without one in report round ``rnd`` (6 or 12
        months; default: ask), as one undo step. Returns (how many, message, refused)."""
        doc = self.document
        if doc is None:
            return 0, "", False
        rnd = self.ask_round() if rnd is None else rnd
        if rnd is None:
            return 0, "", False
        missing = self.missing(rnd)
        if missing:
            results = list(doc.get(("assessment", "results"), []) or [])
            results += [{"measure": key, "round": rnd} for key in missing]
            doc.set(("assessment", "results"), results, text=_("Add results"))
            self.editor.select(len(results) - len(missing))
        return len(missing), _("Added {n} results for the {r}-month round.").format(n=len(missing), r=rnd), False

    def missing(self, rnd: int) -> list[str]:
        """Keys of the measures without a result for report round ``rnd`` (6 or 12 months)."""
        if self.document is None:
            return []
        done = {r.get("measure") for r in self.document.get(("assessment", "results"), []) or []
                if r.get("round") == rnd}
        return [m["key"] for m in self.document.get(("assessment", "measures"), []) or [] if m["key"] not in done]

    def bind(self, document: YearDocument | None) -> None:
        """Edit the results of ``document``."""
        self._follow(document)
        self.editor.bind(document, ("assessment", "results"))
        self.editor.form.refresh_choices()
        self.editor.size_columns()

    def _changed(self, path: tuple) -> None:
        if path[:2] == ("assessment", "measures") or path == ("assessment",):
            self.editor.form.refresh_choices()

    def retranslate(self) -> None:
        """Texts in the current language."""
        self.fill_button.setText(_("Add the &missing results of a round…"))
        self.fill_button.setAccessibleName(_("Add the missing results of a round"))


# -- the memo ------------------------------------------------------------------------------------
SECTION_FIELDS = [
    Field("heading", N_("Heading"), hint=N_("e.g. ๑. เรื่องเดิม")),
    Field("paragraphs", N_("Paragraphs (a blank line between two)"), "paragraphs", required=True, lines=5),
    Field("attach_measures_table", N_("Attach the table of measures after this section"), "bool"),
]


def new_memo(document: YearDocument, date=None) -> dict[str, Any]:
    """The standard memo (``domain.catalogue.default_memo``) for the document's office and year:
    signed by the officer who prepares the documents (key "clerk", else the first person), with
    the year's scores; ``date`` (C.E. ``datetime.date``) or undated."""
    from ita_desktop.domain.catalogue import default_memo

    people = document.get(("office", "people"), []) or []
    signer = next((p["key"] for p in people if p.get("key") == "clerk"), people[0]["key"] if people else None)
    scores = {int(k): v for k, v in (document.get(("assessment", "scores"), {}) or {}).items()}
    return default_memo(document.office, document.year, signer=signer, scores=scores or None,
                        tool_scores=document.get(("assessment", "tool_scores")) or None, date=date)


class MemoTab(_Tab):
    """The memos (บันทึกข้อความ) that carry the documents to the chief executive."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("memoTab")
        memo_fields = [
            Field("subject", N_("Subject"), required=True),
            Field("recipient", N_("To"), required=True, hint=N_("e.g. นายกองค์การบริหารส่วนตำบลห้วยเตย")),
            Field("department", N_("Department (ส่วนราชการ)"), "choice", choices=self.choices_departments),
            Field("number", N_("Number (ที่)"), hint=N_("e.g. ขก 71801/๑๒๓")),
            Field("date", N_("Date (day/month/year B.E.)"), "date"),
            Field("closing", N_("Closing"), hint=N_("จึงเรียนมาเพื่อโปรดพิจารณา")),
            Field("signer", N_("Signed by"), "choice", choices=self.choices_people),
            Field("signature", N_("Signature"), "choice", choices=SIGNATURES),
        ]
        self.memos = ListEditor("memos", [key_column("subject", N_("Subject"), 40),
                                          Column(N_("Date"), lambda m: date_text(m.get("date")), 10)],
                                memo_fields, self._new_memo, self, what=N_("memo"), vertical=True)
        self.sections = ListEditor("sections", [key_column("heading", N_("Heading"), 20),
                                                Column(N_("Text"), lambda s: " ".join(s.get("paragraphs") or []), 40)],
                                   SECTION_FIELDS, lambda d: {"paragraphs": [_("Text")]}, self,
                                   what=N_("section"), vertical=True)
        approval_fields = [
            Field("title", N_("Heading"), required=True, hint=N_("e.g. ความเห็นปลัด")),
            Field("person", N_("Person"), "choice", required=True, choices=self.choices_people),
            Field("choices", N_("Choices to tick (one per line)"), "lines", lines=2),
            Field("comment", N_("Comment")),
        ]
        self.approvals = ListEditor("approvals", [key_column("title", N_("Heading"), 20),
                                                  key_column("person", N_("Person"), 10)],
                                    approval_fields, self._new_approval, self, what=N_("approval"), vertical=True)
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("memoPartsTabs")
        self.tabs.addTab(self.sections, "")
        self.tabs.addTab(self.approvals, "")
        split = QSplitter(Qt.Orientation.Horizontal, self)
        split.addWidget(self.memos)
        split.addWidget(self.tabs)
        split.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.addWidget(split)
        self.memos.currentChanged.connect(self._memo_selected)
        self.retranslate()

    def _new_memo(self, document: YearDocument) -> dict[str, Any]:
        return new_memo(document)

    def _new_approval(self, document: YearDocument) -> dict[str, Any]:
        people = document.get(("office", "people"), []) or []
        return {"title": _("Opinion"), "person": people[-1]["key"] if people else ""}

    def _memo_selected(self, index: int) -> None:
        base = ("assessment", "memos", index)
        self.sections.bind(self.document if index >= 0 else None, base + ("sections",))
        self.approvals.bind(self.document if index >= 0 else None, base + ("approvals",))
        self.approvals.form.refresh_choices()

    def bind(self, document: YearDocument | None) -> None:
        """Edit the memos of ``document``."""
        self._follow(document)
        self.memos.bind(document, ("assessment", "memos"))
        self.memos.form.refresh_choices()
        self._memo_selected(self.memos.current())

    def _changed(self, path: tuple) -> None:
        if path[:1] == ("office",):
            self.memos.form.refresh_choices()
            self.approvals.form.refresh_choices()

    def retranslate(self) -> None:
        """Texts in the current language."""
        self.tabs.setTabText(0, _("&Sections"))
        self.tabs.setTabText(1, _("A&pprovals"))
