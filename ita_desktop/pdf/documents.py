"""The documents the clerk publishes, one import for the GUI and the CLI."""

from ita_desktop.pdf.analysis import render_analysis
from ita_desktop.pdf.common import DocumentError
from ita_desktop.pdf.memo import render_memo
from ita_desktop.pdf.pack import render_pack
from ita_desktop.pdf.report import render_report

__all__ = ["DocumentError", "render_analysis", "render_memo", "render_pack", "render_report"]
