"""The documents the clerk publishes, one import for the GUI and the CLI.

Every ``render_*`` writes atomically (see :mod:`.atomic`) and raises DocumentError
(Thai / English) for what a clerk can act on; :class:`TargetBusy`, a DocumentError,
when the file (or a file of the pack) is held open by another program: its
``alternative`` is a free name (for the pack: a free folder) to pass instead of the
``out`` argument.
"""

from ita_desktop.pdf.analysis import render_analysis
from ita_desktop.pdf.atomic import DocumentError, TargetBusy
from ita_desktop.pdf.memo import render_memo
from ita_desktop.pdf.pack import render_pack
from ita_desktop.pdf.report import render_report

__all__ = ["DocumentError", "TargetBusy", "render_analysis", "render_memo", "render_pack", "render_report"]
