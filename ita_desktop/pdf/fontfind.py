"""Installed TrueType fonts: where they are, which families they form, what they cover.

An office may print with an installed font instead of the bundled Laksaman (TH
SarabunIT๙, TH Sarabun New …), and characters a font lacks (Latin accents, symbols,
emoji, CJK) are printed with a fallback font.  This module finds both without Qt,
without fontconfig and without new dependencies: it reads the OpenType tables it
needs (table directory, ``name``, ``head``, ``OS/2``, ``cmap``) with :mod:`struct`.

Functions
---------
* :func:`font_dirs` — the font folders of Windows, Linux or macOS that exist.
* :func:`installed_families` — the TrueType families in those folders that
  ReportLab can print with, as :class:`FontFamily`; files that cannot be used are
  collected as :class:`SkippedFont` (never raised).
* :func:`find_family` — one family by name (case, spaces, ``-``/``_`` ignored; Thai
  digits match ASCII digits: "THSarabunIT9" finds "TH SarabunIT๙").
* :func:`fallback_candidates` — font files to try, in order, for missing characters.
* :func:`covers` / :func:`uncovered` — whether a font file maps a character / which
  characters of a text it lacks (as ReportLab will read the font).
* :func:`open_for_reportlab` — what to hand to ``TTFont(name, …)`` for a file; it
  repairs name tables that ReportLab 5.1 rejects (e.g. a non-ASCII PostScript name).
* :func:`reportlab_error` — full check with ReportLab itself (slow for big fonts).

What ReportLab 5.1 can use (``reportlab.pdfbase.ttfonts.TTFontFile``, checked against
its source and by loading every font on the development machine): TrueType outlines
only (``glyf``/``loca``; sfnt version 0x00010000 or ``true``).  CFF-flavoured
OpenType (``OTTO``, most ``.otf``) raises "postscript outlines are not supported";
bitmap colour fonts (Noto Color Emoji: CBDT/CBLC, Apple Color Emoji: sbix) have no
``loca`` and raise "missing location table"; fonts whose ``OS/2.fsType`` is
"restricted licence" or "no subsetting"/"bitmap only" with more than 255 glyphs
raise "Font does not allow subsetting/embedding" (a licence rule, respected here).
ReportLab also requires a ``name`` table of format 0 and a PostScript name of
printable ASCII without ``[](){}<>/%`` — :func:`open_for_reportlab` fixes those.
Collections (``.ttc``) are read by ReportLab as subfont 0 by default; this module
uses them only as fallbacks (subfont 0), not as document families.

The verdicts of this module are cached per file (path, modification time, size)
for the life of the process, so a second scan costs a folder walk and a ``stat`` per
file.  The checks mirror ReportLab's reading of the file but not every byte of the
glyph data: a deeply corrupt font may still fail when ReportLab subsets it while
building a PDF, so callers catch exceptions there too (:func:`reportlab_error`
runs ReportLab itself on one file).
"""

from __future__ import annotations

import io
import os
import struct
import sys
import threading
import unicodedata
import zlib
from bisect import bisect_left
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

__all__ = [
    "COLLECTION_SUFFIXES",
    "FALLBACK_FILES",
    "FAMILY_SUFFIXES",
    "FontFamily",
    "SkippedFont",
    "build_name_table",
    "covers",
    "fallback_candidates",
    "find_family",
    "font_dirs",
    "installed_families",
    "open_for_reportlab",
    "reportlab_error",
    "uncovered",
]

#: File name endings scanned for single fonts (compared case-insensitively).
FAMILY_SUFFIXES = (".ttf", ".otf")
#: File name endings of font collections (skipped by :func:`installed_families`).
COLLECTION_SUFFIXES = (".ttc", ".otc")

_SFNT_TRUETYPE = (0x00010000, 0x74727565)  # 1.0 and 'true' (old Apple TrueType)
_SFNT_CFF = 0x4F54544F  # 'OTTO'
_SFNT_COLLECTION = 0x74746366  # 'ttcf'
_THAI_PROBE = (0x0E01, 0x0E48)  # ก and MAI EK: a Thai font has both
_RL_NAME_IDS = (1, 2, 3, 4, 6)  # the name IDs ReportLab 5.1 reads
_RL_BAD_PS = frozenset(b" [](){}<>/%")
_THAI_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")


# ---------------------------------------------------------------------------
# Public data types


@dataclass(frozen=True)
class FontFamily:
    """One installed family, as offered to the office.

    ``name`` is the family name the font declares (typographic family, name ID 16,
    else name ID 1; the English record preferred, else Thai, else any), e.g.
    ``"TH SarabunIT๙"``.  ``regular``, ``bold``, ``italic`` and ``bold_italic`` are the
    font files of the four faces (None when the family has no such face).
    ``has_thai`` is True when every present face maps ก (U+0E01) and MAI EK (U+0E48)
    to a glyph.  ``aliases`` are the family's names in other languages of its
    ``name`` table (e.g. a Thai-language name), used by :func:`find_family`.

    Every path is a TrueType font that ReportLab 5.1 accepts, possibly after
    :func:`open_for_reportlab` repairs its name table: load faces through it.
    """

    name: str
    regular: Path | None = None
    bold: Path | None = None
    italic: Path | None = None
    bold_italic: Path | None = None
    has_thai: bool = False
    aliases: tuple[str, ...] = ()

    def faces(self) -> dict[str, Path]:
        """The present faces, keyed ``"regular"``, ``"bold"``, ``"italic"``, ``"bold_italic"``."""
        return {k: p for k in _SLOTS if (p := getattr(self, k)) is not None}


@dataclass(frozen=True)
class SkippedFont:
    """A font file (or folder) that a scan did not use, and why.

    ``code`` is one of ``"unreadable"`` (cannot be opened/read: an OSError),
    ``"not_a_font"`` (no valid sfnt header, truncated or corrupt tables),
    ``"cff_outlines"`` (PostScript/CFF outlines: ReportLab cannot embed them),
    ``"no_outlines"`` (no ``glyf``/``loca``: bitmap/colour-only fonts such as Noto
    Color Emoji), ``"embedding_restricted"`` (the licence bits in ``OS/2.fsType``
    forbid embedding), ``"unsupported"`` (a table layout ReportLab 5.1 rejects),
    ``"collection"`` (a ``.ttc``/``.otc`` collection; not offered as a family),
    ``"style_not_offered"`` (a face other than regular/bold/italic/bold italic, e.g.
    Light), ``"duplicate"`` (the family already has that face from another file).
    ``reason`` is an English sentence for logs and the "details" box of the GUI.
    """

    path: Path
    code: str
    reason: str


# ---------------------------------------------------------------------------
# Font folders


def font_dirs(platform: str = sys.platform, env: Mapping[str, str] | None = None,
              home: Path | None = None) -> list[Path]:
    """Existing font folders of ``platform``, user folders first.

    * Windows (``platform`` starting with ``"win"``): ``%LOCALAPPDATA%\\Microsoft\\Windows\\Fonts``
      (per-user installs: "Install" without administrator rights on Windows 10 1809+,
      common for TH Sarabun fonts), then ``%WINDIR%\\Fonts`` (``%SystemRoot%``, default
      ``C:\\Windows``).  ``%LOCALAPPDATA%`` defaults to ``<home>\\AppData\\Local``.
    * macOS (``"darwin"``): ``~/Library/Fonts``, ``/Library/Fonts``,
      ``/System/Library/Fonts`` (its ``Supplemental`` subfolder is reached by the
      recursive scan).
    * Linux and other Unix: ``$XDG_DATA_HOME/fonts`` (default ``~/.local/share/fonts``),
      ``~/.local/share/fonts``, ``~/.fonts``, then ``<d>/fonts`` for each ``d`` of
      ``$XDG_DATA_DIRS`` (default ``/usr/local/share:/usr/share``), then
      ``/usr/local/share/fonts`` and ``/usr/share/fonts`` (always, as fontconfig's
      default configuration does, even when ``$XDG_DATA_DIRS`` is set).

    ``env`` (default ``os.environ``) and ``home`` (default ``Path.home()``) are
    injectable for tests.  The order is the priority order of :func:`installed_families`
    when two files give the same face.  Folders are returned once (compared after
    resolving symlinks); missing ones are left out.  Never raises.
    """
    env = os.environ if env is None else env
    if home is None:
        try:
            home = Path.home()
        except (RuntimeError, KeyError, OSError):
            home = Path("~")  # no home: the relative path simply does not exist
    cands: list[Path] = []
    if platform.startswith("win") or platform == "cygwin":
        local = env.get("LOCALAPPDATA") or str(home / "AppData" / "Local")
        cands.append(Path(local) / "Microsoft" / "Windows" / "Fonts")
        windir = env.get("WINDIR") or env.get("windir") or env.get("SystemRoot") or "C:\\Windows"
        cands.append(Path(windir) / "Fonts")
    elif platform == "darwin":
        cands += [home / "Library" / "Fonts", Path("/Library/Fonts"), Path("/System/Library/Fonts")]
    else:
        data_home = env.get("XDG_DATA_HOME") or str(home / ".local" / "share")
        cands += [Path(data_home) / "fonts", home / ".local" / "share" / "fonts", home / ".fonts"]
        data_dirs = env.get("XDG_DATA_DIRS") or "/usr/local/share:/usr/share"
        cands += [Path(d) / "fonts" for d in data_dirs.split(":") if d]
        cands += [Path("/usr/local/share/fonts"), Path("/usr/share/fonts")]
    out: list[Path] = []
    seen: set[str] = set()
    for d in cands:
        try:
            if not d.is_dir():
                continue
            key = os.path.normcase(os.path.realpath(d))
        except OSError:
            continue
        if key not in seen:
            seen.add(key)
            out.append(d)
    return out


def _font_files(dirs: Iterable[Path | str], skipped: list[SkippedFont] | None,
                suffixes: tuple[str, ...]) -> list[Path]:
    """Files under ``dirs`` (recursively, following symlinks once) whose name ends in ``suffixes``.

    Order: ``dirs`` order, then sorted within each folder.  A file reached twice
    (symlink, nested folders) is listed once.
    """
    files: list[Path] = []
    seen_files: set = set()
    seen_dirs: set[str] = set()

    def onerror(e: OSError) -> None:
        if skipped is not None:
            skipped.append(SkippedFont(Path(e.filename or ""), "unreadable", f"cannot list folder: {e.strerror or e}"))

    for d in dirs:
        if not os.path.isdir(d):
            continue
        for root, subdirs, names in os.walk(d, onerror=onerror, followlinks=True):
            real = os.path.realpath(root)
            if real in seen_dirs:
                subdirs[:] = []
                continue
            seen_dirs.add(real)
            subdirs.sort()
            for n in sorted(names):
                if not n.lower().endswith(suffixes):
                    continue
                p = os.path.join(root, n)
                try:
                    st = os.stat(p)
                    key = (st.st_dev, st.st_ino) if st.st_ino else os.path.normcase(os.path.abspath(p))
                except OSError:
                    key = os.path.normcase(os.path.abspath(p))
                if key in seen_files:
                    continue
                seen_files.add(key)
                files.append(Path(p))
    return files


# ---------------------------------------------------------------------------
# Low-level sfnt reading


class _Bad(Exception):
    """A file that cannot be used: ``code`` as in :class:`SkippedFont`."""

    def __init__(self, code: str, reason: str):
        super().__init__(reason)
        self.code = code
        self.reason = reason


class _Reader:
    """Bounds-checked reads from an open binary file of known size."""

    def __init__(self, f, size: int):
        self.f = f
        self.size = size

    def read(self, offset: int, length: int, what: str) -> bytes:
        if offset < 0 or length < 0 or offset + length > self.size:
            raise _Bad("not_a_font", f"{what} lies outside the file (truncated or corrupt)")
        self.f.seek(offset)
        b = self.f.read(length)
        if len(b) != length:
            raise _Bad("not_a_font", f"{what}: short read (truncated)")
        return b


def _directory(r: _Reader, offset: int) -> tuple[int, dict[str, tuple[int, int]]]:
    """sfnt version and table directory (tag → (offset, length)) of the font at ``offset``."""
    head = r.read(offset, 12, "sfnt header")
    version, num = struct.unpack(">IH", head[:6])
    if version == _SFNT_CFF:
        raise _Bad("cff_outlines", "OpenType with PostScript (CFF) outlines: ReportLab embeds TrueType outlines only")
    if version not in _SFNT_TRUETYPE:
        raise _Bad("not_a_font", f"not a TrueType font (sfnt version 0x{version:08X})")
    raw = r.read(offset + 12, 16 * num, "table directory")
    tables: dict[str, tuple[int, int]] = {}
    for i in range(num):  # a repeated tag: the last entry counts, as in ReportLab
        tag_b, _cs, off, length = struct.unpack_from(">4sIII", raw, 16 * i)
        try:
            tag = tag_b.decode("utf-8")  # ReportLab decodes tags as UTF-8
        except UnicodeDecodeError:
            raise _Bad("not_a_font", "corrupt table directory") from None
        if off + length > r.size:
            raise _Bad("not_a_font", f"table {tag!r} lies outside the file (truncated or corrupt)")
        tables[tag] = (off, length)
    return version, tables


def _table(r: _Reader, tables: dict[str, tuple[int, int]], tag: str, *, code: str = "unsupported") -> bytes:
    if tag not in tables:
        raise _Bad(code, f"no {tag!r} table")
    off, length = tables[tag]
    return r.read(off, length, f"table {tag!r}")


def _u16(b: bytes, off: int) -> int:
    return struct.unpack_from(">H", b, off)[0]


def _u32(b: bytes, off: int) -> int:
    return struct.unpack_from(">I", b, off)[0]


# --- name table ------------------------------------------------------------

#: (platform, encoding, language, name ID, raw bytes)
_NameRecord = tuple[int, int, int, int, bytes]


def _name_records(data: bytes) -> tuple[int, list[_NameRecord]]:
    """Format and records of a ``name`` table; records pointing outside it are dropped."""
    if len(data) < 6:
        raise _Bad("not_a_font", "name table too short")
    fmt, count, storage = struct.unpack_from(">HHH", data, 0)
    count = min(count, (len(data) - 6) // 12)
    out = []
    for pid, eid, lid, nid, length, off in struct.iter_unpack(">6H", data[6:6 + 12 * count]):
        start = storage + off
        if start + length > len(data):
            continue
        out.append((pid, eid, lid, nid, data[start:start + length]))
    return fmt, out


def _decode_name(pid: int, eid: int, raw: bytes) -> str | None:
    """Text of a name record: UTF-16BE for Unicode/Microsoft platforms, Mac Roman for (1, 0)."""
    if pid in (0, 3):
        if len(raw) % 2:
            raw = raw[:-1]
        s = raw.decode("utf-16-be", errors="replace")
    elif pid == 1 and eid == 0:
        s = raw.decode("mac_roman", errors="replace")
    else:
        return None  # other Mac script encodings (Thai is 21): no codec, and rare
    s = s.replace("\x00", "").strip()
    return s or None


def _lang_rank(pid: int, lid: int) -> int:
    """Preference of a record's language: English (Windows) first, then Mac English, Unicode, Thai, any."""
    if pid == 3:
        if lid == 0x0409:
            return 0
        if lid & 0x3FF == 0x09:
            return 1
        if lid == 0x041E:
            return 4
        return 5
    if pid == 1:
        return 2 if lid == 0 else 6
    return 3  # platform 0 (Unicode)


_FAMILY_NAME_IDS = frozenset((1, 2, 4, 6, 16, 17))


def _names(records: list[_NameRecord], ids: frozenset[int] = _FAMILY_NAME_IDS) -> dict[int, list[str]]:
    """Name ID → distinct texts, best language first (see :func:`_lang_rank`), for ``ids``."""
    ranked: dict[int, list[tuple[int, int, str]]] = {}
    for i, (pid, eid, lid, nid, raw) in enumerate(records):
        if nid not in ids:
            continue
        s = _decode_name(pid, eid, raw)
        if s is not None:
            ranked.setdefault(nid, []).append((_lang_rank(pid, lid), i, s))
    out: dict[int, list[str]] = {}
    for nid, lst in ranked.items():
        texts: list[str] = []
        for _r, _i, s in sorted(lst):
            if s not in texts:
                texts.append(s)
        out[nid] = texts
    return out


def _reportlab_name_problem(fmt: int, records: list[_NameRecord]) -> tuple[str | None, str | None]:
    """(problem, PostScript name) as ReportLab 5.1 ``TTFontFile.extractInfo`` would see them.

    ReportLab reads name IDs 1, 2, 3, 4, 6 from records (3, 1, 0x409) as UTF-16BE and
    (1, 0, 0) as Mac Roman, the first non-empty one per ID; raises on a format ≠ 0
    table and on an odd-length (3, 1, 0x409) record; uses ID 6, else 4, else 1 as the
    PostScript name (spaces → ``-``), which must be printable ASCII without
    ``[](){}<>/%``.  Without any it fails (with an AttributeError in 5.1).
    """
    if fmt != 0:
        return f"name table format {fmt} (ReportLab reads format 0 only)", None
    found: dict[int, bytes] = {}
    for pid, eid, lid, nid, raw in records:
        if nid not in _RL_NAME_IDS:
            continue
        if (pid, eid, lid) == (3, 1, 0x409):
            if len(raw) % 2:
                return "odd-length UTF-16 name record", None
            try:
                text = raw.decode("utf-16-be")
            except UnicodeDecodeError:
                text = raw.decode("latin-1")
        elif (pid, eid, lid) == (1, 0, 0):
            text = raw.decode("mac_roman")
        else:
            continue
        b = text.encode("utf-8", errors="surrogatepass")
        if b and nid not in found:
            found[nid] = b
            if len(found) == len(_RL_NAME_IDS):
                break
    ps = found.get(6) or found.get(4) or found.get(1)
    if not ps:
        return "no PostScript name (name ID 6/4/1 in English)", None
    ps = ps.replace(b" ", b"-")
    text = ps.decode("utf-8", errors="replace")
    if any(c > 126 or c in _RL_BAD_PS for c in ps):
        return f"PostScript name {text!r} is not plain ASCII", text
    return None, text


# --- cmap ------------------------------------------------------------------


class _Cmap:
    """The Unicode mapping ReportLab 5.1 uses, with lookups by binary search.

    Subtable choice as in ``TTFontFile.extractInfo``: of the encoding records, the
    last one of platform 3 (any encoding), else the last (0, ≠5) or (1, 1), else
    (1, 0).  Formats 0, 4, 12 and 13 are read; for formats 2, 6 and 10 (which
    ReportLab 5.1 misreads) the table is taken to map nothing.  Like ReportLab,
    U+00A0 gets the glyph of U+0020 (and U+0020 that of U+00A0 when it has none).
    """

    def __init__(self, data: bytes, num_glyphs: int):
        self.num_glyphs = num_glyphs
        self.fmt = -1
        if len(data) < 4:
            raise _Bad("not_a_font", "cmap table too short")
        version, count = struct.unpack_from(">HH", data, 0)
        if count == 0 and version != 0:
            count = version
        chosen = None
        best = 0
        for i in range(count):
            pos = 4 + 8 * i
            if pos + 8 > len(data):
                break
            pid, eid, off = struct.unpack_from(">HHI", data, pos)
            if pid == 3 or (pid == 1 and eid == 1) or (pid == 0 and eid != 5):
                chosen, best = off, 1
            elif pid == 1 and eid == 0 and best != 1:
                chosen, best = off, 2
        if chosen is None:
            raise _Bad("unsupported", "no Unicode cmap subtable")
        if chosen + 4 > len(data):
            raise _Bad("not_a_font", "cmap subtable outside the table")
        fmt = _u16(data, chosen)
        if fmt not in (0, 2, 4, 6, 10, 12, 13):
            raise _Bad("unsupported", f"cmap format {fmt} (ReportLab reads 0, 2, 4, 6, 10, 12, 13)")
        if fmt in (8, 10, 12, 13):
            if chosen + 16 > len(data):
                raise _Bad("not_a_font", "cmap subtable header outside the table")
            length = _u32(data, chosen + 4)
        else:
            length = _u16(data, chosen + 2)
        sub = data[chosen:chosen + length]
        self.fmt = fmt
        self._sub = sub
        if fmt == 4:
            if len(sub) < 14:
                raise _Bad("not_a_font", "cmap format 4 subtable too short")
            seg = _u16(sub, 6) // 2
            need = 16 + 8 * seg
            if len(sub) < need:
                raise _Bad("not_a_font", "cmap format 4 subtable truncated")
            self._ends = struct.unpack_from(f">{seg}H", sub, 14)
            self._starts = struct.unpack_from(f">{seg}H", sub, 16 + 2 * seg)
            self._deltas = struct.unpack_from(f">{seg}h", sub, 16 + 4 * seg)
            self._ro_pos = 16 + 6 * seg
            self._ros = struct.unpack_from(f">{seg}H", sub, self._ro_pos)
        elif fmt in (12, 13):
            n = _u32(sub, 12) if len(sub) >= 16 else 0
            n = max(0, min(n, (len(sub) - 16) // 12))
            groups = [struct.unpack_from(">III", sub, 16 + 12 * i) for i in range(n)]
            groups.sort()
            self._g_starts = [g[0] for g in groups]
            self._groups = groups

    def max_glyph(self) -> int:
        """The highest glyph index the subtable maps to (0 for formats read as empty)."""
        sub = self._sub
        if self.fmt == 4:
            top = 0
            for i, (start, end, delta, ro) in enumerate(zip(self._starts, self._ends, self._deltas, self._ros)):
                if end < start:
                    continue
                if ro == 0:
                    lo, hi = (start + delta) & 0xFFFF, (end + delta) & 0xFFFF
                    top = max(top, 0xFFFF if hi < lo else hi)  # wraps: 0 … 0xFFFF
                    continue
                pos = self._ro_pos + 2 * i + ro
                n = min(end - start + 1, max(0, (len(sub) - pos) // 2))
                if n > 0:
                    ids = struct.unpack_from(f">{n}H", sub, pos)
                    top = max([top] + [(g + delta) & 0xFFFF for g in ids if g])
            return top
        if self.fmt in (12, 13):
            return max((gid + (end - start if self.fmt == 12 else 0) for start, end, gid in self._groups
                        if end >= start), default=0)
        if self.fmt == 0:
            return max(sub[6:6 + 256], default=0)
        return 0

    def glyph(self, cp: int) -> int:
        """Glyph index of code point ``cp`` (0: not mapped)."""
        if cp == 0xA0:  # ReportLab: U+00A0 takes the glyph of U+0020 when there is one
            g = self._raw(0x20) or self._raw(0xA0)
        else:
            g = self._raw(cp)
            if not g and cp == 0x20:
                g = self._raw(0xA0)
        return g if 0 < g < self.num_glyphs else 0

    def _raw(self, cp: int) -> int:
        sub = self._sub
        if self.fmt == 4:
            if cp > 0xFFFF:
                return 0
            i = bisect_left(self._ends, cp)
            if i >= len(self._ends) or self._starts[i] > cp:
                return 0
            ro = self._ros[i]
            if ro == 0:
                return (cp + self._deltas[i]) & 0xFFFF
            pos = self._ro_pos + 2 * i + ro + 2 * (cp - self._starts[i])
            if pos + 2 > len(sub):
                return 0
            g = _u16(sub, pos)
            return (g + self._deltas[i]) & 0xFFFF if g else 0
        if self.fmt in (12, 13):
            i = bisect_left(self._g_starts, cp + 1) - 1
            if i < 0:
                return 0
            start, end, gid = self._groups[i]
            if cp > end:
                return 0
            return gid + (cp - start) if self.fmt == 12 else gid
        if self.fmt == 0:
            if cp < 256 and cp < self.num_glyphs and 6 + cp < len(sub):
                return sub[6 + cp]
            return 0
        return 0


# --- one font ---------------------------------------------------------------


@dataclass(frozen=True)
class _Face:
    """What a scan learned about one usable font (subfont 0 of a collection)."""

    family: str
    style: str
    slot: str | None  # "regular" … or None for another style
    aliases: tuple[str, ...]
    has_thai: bool
    name_problem: str | None  # why open_for_reportlab must rewrite the name table
    collection: bool
    ps_name: str | None


_SLOTS = ("regular", "bold", "italic", "bold_italic")
_STYLE_WORDS = {
    "regular": {"regular", "normal", "book", "roman", "plain", "standard", "ธรรมดา", "ปกติ",
                "ตัวธรรมดา", "ตัวปกติ"},
    "bold": {"bold", "หนา", "ตัวหนา"},
    "italic": {"italic", "oblique", "regularitalic", "regularoblique", "bookitalic", "bookoblique",
               "เอียง", "ตัวเอียง"},
    "bold_italic": {"bolditalic", "boldoblique", "italicbold", "obliquebold", "หนาเอียง",
                    "ตัวหนาเอียง", "ตัวหนาตัวเอียง", "ตัวเอียงหนา"},
}
_STYLE_OF = {w: slot for slot, words in _STYLE_WORDS.items() for w in words}


def _slot_of(style: str) -> str | None:
    key = "".join(unicodedata.normalize("NFC", style).casefold().replace("-", " ").replace("_", " ").split())
    return _STYLE_OF.get(key)


def _check_tables(r: _Reader, tables: dict[str, tuple[int, int]]) -> tuple[int, dict]:
    """The structural checks of ReportLab 5.1 ``extractInfo`` except the name table.

    Returns (numGlyphs, facts).  Raises _Bad.
    """
    for tag in ("glyf", "loca"):
        if tag not in tables:
            kinds = [t for t in ("CBDT", "sbix", "EBDT", "bdat", "COLR", "SVG ") if t in tables]
            what = f" (only {'/'.join(k.strip() for k in kinds)} glyphs)" if kinds else ""
            raise _Bad("no_outlines", f"no TrueType outlines: no {tag!r} table{what}")
    head = _table(r, tables, "head")
    if len(head) < 54 or _u16(head, 0) != 1 or _u32(head, 12) != 0x5F0F3CF5 or _u16(head, 18) == 0:
        raise _Bad("not_a_font", "invalid head table")
    index_to_loc, glyph_data_format = struct.unpack_from(">hh", head, 50)
    if index_to_loc not in (0, 1):
        raise _Bad("unsupported", f"unknown loca format {index_to_loc}")
    if glyph_data_format != 0:
        raise _Bad("unsupported", f"unknown glyph data format {glyph_data_format}")
    maxp = _table(r, tables, "maxp")
    if len(maxp) < 6 or _u16(maxp, 0) != 1:
        raise _Bad("unsupported", "maxp table is not version 1 (TrueType)")
    num_glyphs = _u16(maxp, 4)
    loca_off, loca_len = tables["loca"]
    entry = 2 << index_to_loc
    if loca_len < (num_glyphs + 1) * entry:
        raise _Bad("not_a_font", "loca table shorter than the glyph count needs")
    last = r.read(loca_off + num_glyphs * entry, entry, "loca table")
    glyf_end = (_u16(last, 0) * 2) if entry == 2 else _u32(last, 0)
    if glyf_end > tables["glyf"][1]:
        raise _Bad("not_a_font", "loca points beyond the glyf table (corrupt)")
    hhea = _table(r, tables, "hhea")
    if len(hhea) < 36 or _u16(hhea, 0) != 1 or _u16(hhea, 32) != 0 or _u16(hhea, 34) == 0:
        raise _Bad("unsupported", "hhea table that ReportLab rejects")
    n_hmetrics = _u16(hhea, 34)
    if "hmtx" in tables and tables["hmtx"][1] < 4 * n_hmetrics + 2 * max(0, num_glyphs - n_hmetrics):
        raise _Bad("not_a_font", "hmtx table shorter than the glyph count needs")
    post = _table(r, tables, "post")
    if len(post) < 16 or _u16(post, 0) not in (1, 2, 3, 4):
        raise _Bad("unsupported", "post table version that ReportLab rejects")
    for tag in ("hmtx", "cmap", "name"):
        if tag not in tables:
            raise _Bad("not_a_font", f"no {tag!r} table")
    facts: dict = {"fs_type": 0, "fs_selection": None, "mac_style": _u16(head, 44)}
    if "OS/2" in tables:
        os2 = _table(r, tables, "OS/2")
        if len(os2) >= 10:
            facts["fs_type"] = _u16(os2, 8)
        if len(os2) >= 64:
            facts["fs_selection"] = _u16(os2, 62)
    fs_type = facts["fs_type"]
    if (fs_type == 0x0002 or fs_type & 0x0300) and num_glyphs > 0xFF:
        raise _Bad("embedding_restricted",
                   f"the font's licence forbids embedding or subsetting (OS/2 fsType 0x{fs_type:04X})")
    return num_glyphs, facts


def _inspect(path: Path) -> tuple[_Face, _Cmap]:
    """Read one font file.  Raises _Bad (with OSError mapped to "unreadable")."""
    try:
        with open(path, "rb") as f:
            size = os.fstat(f.fileno()).st_size
            r = _Reader(f, size)
            if size < 12:
                raise _Bad("not_a_font", "file too short to be a font")
            offset = 0
            collection = False
            if r.read(0, 4, "header") == b"ttcf":
                collection = True
                if size < 16:
                    raise _Bad("not_a_font", "collection header truncated")
                ttc_version, n = struct.unpack(">II", r.read(4, 8, "collection header"))
                if ttc_version not in (0x00010000, 0x00020000):
                    raise _Bad("not_a_font", f"unknown collection version 0x{ttc_version:08X}")
                if n == 0:
                    raise _Bad("not_a_font", "empty font collection")
                offset = _u32(r.read(12, 4, "collection offsets"), 0)
            _version, tables = _directory(r, offset)
            num_glyphs, facts = _check_tables(r, tables)
            fmt, records = _name_records(_table(r, tables, "name"))
            cmap = _Cmap(_table(r, tables, "cmap"), num_glyphs)
            if cmap.max_glyph() >= num_glyphs:
                raise _Bad("not_a_font", f"cmap maps characters to glyph {cmap.max_glyph()}, "
                           f"beyond the font's {num_glyphs} glyphs (corrupt)")
    except OSError as e:
        raise _Bad("unreadable", f"cannot read the file: {e.strerror or e}") from None
    except struct.error as e:  # a table shorter than its own header claims
        raise _Bad("not_a_font", f"corrupt table ({e})") from None

    problem, ps = _reportlab_name_problem(fmt, records)
    names = _names(records)
    # Typographic names (16/17) first; when their style is not one of the four but
    # the legacy pair (1/2) is — "DejaVu Sans" + "Condensed Bold" versus "DejaVu Sans
    # Condensed" + "Bold" — the legacy family, as Word's font menu shows it.
    pairs = [(16, 17 if 17 in names else 2)] if 16 in names else []
    pairs.append((1, 2))
    for fam_id, style_id in pairs:
        styles = names.get(style_id) or []
        style = styles[0] if styles else ""
        slot = _slot_of(style) if style else None
        if slot is not None:
            break
    else:
        fam_id, style_id = pairs[0]
        styles = names.get(style_id) or []
        style = styles[0] if styles else ""
    fam_names = names.get(fam_id) or names.get(1) or names.get(4) or names.get(6)
    family = fam_names[0] if fam_names else path.stem
    if slot is None and not styles:
        # No subfamily name at all: OS/2 fsSelection (bit 0 italic, 5 bold), else head.macStyle.
        bits = facts["fs_selection"]
        bold, italic = ((bits >> 5) & 1, bits & 1) if bits is not None else \
            ((facts["mac_style"] & 1), (facts["mac_style"] >> 1) & 1)
        slot = _SLOTS[bold + 2 * italic]
        style = slot
    has_thai = all(cmap.glyph(cp) for cp in _THAI_PROBE)
    face = _Face(family=family, style=style, slot=slot, aliases=tuple(fam_names[1:]) if fam_names else (),
                 has_thai=has_thai, name_problem=problem, collection=collection, ps_name=ps)
    return face, cmap


_cache: dict[tuple[str, int, int], tuple[_Face, _Cmap] | tuple[str, str]] = {}
_cache_lock = threading.Lock()


def _probe(path: Path) -> tuple[_Face, _Cmap]:
    """Cached :func:`_inspect`; the key is (path, mtime_ns, size).  Raises _Bad."""
    try:
        st = os.stat(path)
    except OSError as e:
        raise _Bad("unreadable", f"cannot read the file: {e.strerror or e}") from None
    key = (os.path.abspath(path), st.st_mtime_ns, st.st_size)
    with _cache_lock:
        hit = _cache.get(key)
    if hit is None:
        try:
            hit = _inspect(Path(path))
        except _Bad as e:  # cache the verdict, not the exception (its traceback would grow)
            hit = (e.code, e.reason)
        except Exception as e:  # noqa: BLE001 — a reader bug must not crash a scan
            hit = ("not_a_font", f"unexpected {type(e).__name__}: {e}")
        with _cache_lock:
            if len(_cache) > 4096:
                _cache.clear()
            _cache[key] = hit
    if isinstance(hit[0], str):
        raise _Bad(*hit)
    return hit


# ---------------------------------------------------------------------------
# Families


def installed_families(dirs: Iterable[Path | str] | None = None, *,
                       skipped: list[SkippedFont] | None = None) -> list[FontFamily]:
    """The TrueType families in ``dirs`` (default :func:`font_dirs`) that ReportLab can print with.

    Scans the folders recursively for ``*.ttf``/``*.otf`` (any case; ``.ttc``/``.otc``
    collections are listed in ``skipped`` with code ``"collection"``), reads each
    file's family name (typographic family, name ID 16, else ID 1) and subfamily
    (ID 17, else ID 2; when that style is not one of the four below but the legacy
    ID 1/ID 2 pair is, the legacy family — so "DejaVu Sans Condensed" is a family of
    its own, as in Word's font menu; "Regular"/"Normal"/"Book"/"Roman"/"ธรรมดา" →
    regular, "Bold"/"ตัวหนา" → bold, "Italic"/"Oblique"/"ตัวเอียง" → italic, "Bold Italic"/"Bold
    Oblique"/"ตัวหนาเอียง" → bold italic; a font with no subfamily name uses its
    OS/2 fsSelection bits) and groups faces by family name, compared case-insensitively.

    Files that cannot be used are never raised: each is appended to ``skipped`` (if a
    list is given) as a :class:`SkippedFont` — unreadable or corrupt files, CFF
    ``.otf``, bitmap/colour fonts, fonts whose licence forbids embedding, faces
    other than the four (Light, Condensed …), and second files for a face the family
    already has (the earlier folder of ``dirs`` wins; within a family "Italic" is
    preferred to "Oblique").  Families with no regular face are still returned
    (``regular`` None): the caller decides whether to offer them.

    Order: families with Thai (``has_thai``) first, then the rest; each group sorted
    by name (case-insensitive).  Time measured on the Debian development machine:
    80 font files (19 families) 55–80 ms on a first scan and 13 ms repeated (per-file
    cache); 368 files (213 families, with Noto) 0.2–0.3 s first, 36 ms repeated.
    Run it off the GUI thread or once at start-up if the folder is big.
    """
    dirs = font_dirs() if dirs is None else [Path(d) for d in dirs]
    collect: list[SkippedFont] = []
    files = _font_files(dirs, collect, FAMILY_SUFFIXES + COLLECTION_SUFFIXES)
    groups: dict[str, dict] = {}
    for p in files:
        if p.name.lower().endswith(COLLECTION_SUFFIXES):
            collect.append(SkippedFont(p, "collection", "font collection (.ttc/.otc): not offered as a "
                                       "document family; usable as a fallback (subfont 0)"))
            continue
        try:
            face, _cmap = _probe(p)
        except _Bad as e:
            collect.append(SkippedFont(p, e.code, e.reason))
            continue
        if face.collection:  # a collection named .ttf
            collect.append(SkippedFont(p, "collection", "font collection under a .ttf/.otf name: not offered"))
            continue
        if face.slot is None:
            collect.append(SkippedFont(p, "style_not_offered",
                                       f"{face.family} {face.style}: not a regular, bold, italic or bold italic face"))
            continue
        g = groups.setdefault(face.family.casefold(), {"name": face.family, "faces": {}, "aliases": []})
        for a in face.aliases:
            if a not in g["aliases"] and a != g["name"]:
                g["aliases"].append(a)
        have = g["faces"].get(face.slot)
        if have is not None:
            old_p, old_face = have
            if _prefer(face, old_face):
                g["faces"][face.slot] = (p, face)
                p, face = old_p, old_face
            collect.append(SkippedFont(p, "duplicate", f"{face.family} {face.style}: the family already has "
                                       f"this face ({g['faces'][face.slot][0]})"))
            continue
        g["faces"][face.slot] = (p, face)
    families = []
    for g in groups.values():
        faces = g["faces"]
        families.append(FontFamily(
            name=g["name"], **{s: faces[s][0] if s in faces else None for s in _SLOTS},
            has_thai=all(f.has_thai for _p, f in faces.values()), aliases=tuple(g["aliases"])))
    families.sort(key=lambda f: (not f.has_thai, f.name.casefold(), f.name))
    if skipped is not None:
        skipped.extend(collect)
    return families


def _prefer(new: _Face, old: _Face) -> bool:
    """For two files of the same face: is ``new`` better?  Only "Italic" beats "Oblique"."""
    return "oblique" in old.style.casefold() and "italic" in new.style.casefold()


def _name_key(name: str) -> str:
    """Matching key: NFKC, case-folded, Thai digits as ASCII, without spaces, ``-`` and ``_``."""
    s = unicodedata.normalize("NFKC", name).casefold().translate(_THAI_DIGITS)
    return "".join(s.replace("-", " ").replace("_", " ").split())


def find_family(name: str, dirs: Iterable[Path | str] | None = None, *,
                families: Iterable[FontFamily] | None = None) -> FontFamily | None:
    """The installed family called ``name``, or None.

    Matching: first an exact, case-insensitive match of the family name; else names
    are compared after Unicode NFKC normalisation and case folding, with Thai digits
    read as ASCII digits and spaces, ``-`` and ``_`` removed — so ``"TH SarabunIT๙"``,
    ``"th sarabunit๙"``, ``"THSarabunIT9"`` and ``"TH-SarabunIT9"`` all find the family
    that declares "TH SarabunIT๙".  The family's other-language names (``aliases``)
    match too.  No other fuzzy matching ("Sarabun" does not find "TH Sarabun New").
    When several families match, the first in :func:`installed_families` order wins.

    ``families`` (e.g. a list kept by the GUI) avoids a rescan of ``dirs``.
    """
    fams = list(installed_families(dirs) if families is None else families)
    folded = name.strip().casefold()
    for f in fams:
        if f.name.casefold() == folded:
            return f
    key = _name_key(name)
    if not key:
        return None
    for f in fams:
        if _name_key(f.name) == key or any(_name_key(a) == key for a in f.aliases):
            return f
    return None


# ---------------------------------------------------------------------------
# Fallbacks

#: Fallback font files by platform, in the order they are tried (file names compared
#: case-insensitively, found anywhere under :func:`font_dirs`).  Sources: Microsoft's
#: "Windows 10 font list" (learn.microsoft.com/typography/fonts/windows_10_font_list),
#: Debian packages fonts-dejavu-core, fonts-noto-core, fonts-freefont-ttf,
#: fonts-symbola, fonts-droid-fallback, fonts-wqy-zenhei (file names checked in the
#: packages).  Not listed because ReportLab 5.1 cannot load them (tested): Noto
#: Color Emoji (CBDT bitmaps, "missing location table"), Noto Sans/Serif CJK
#: (.ttc of CFF outlines).  The macOS list is not tested on a Mac.
FALLBACK_FILES: dict[str, tuple[str, ...]] = {
    "win32": (
        "tahoma.ttf",      # Tahoma: Thai + Latin, Greek, Cyrillic
        "LeelawUI.ttf",    # Leelawadee UI (Windows 10/11): Thai, Lao, Khmer …
        "leelawad.ttf",    # Leelawadee (Windows 8; optional feature on 10/11)
        "segoeui.ttf",     # Segoe UI: Latin with all accents, Greek, Cyrillic, Arabic …
        "arial.ttf",
        "seguisym.ttf",    # Segoe UI Symbol: arrows, math, dingbats, monochrome emoji
        "seguiemj.ttf",    # Segoe UI Emoji: glyf outlines + COLR colour layers (prints black)
        "ARIALUNI.TTF",    # Arial Unicode MS (installed by older MS Office): CJK too
        "msgothic.ttc",    # MS Gothic (Japanese), TrueType collection
        "msyh.ttc",        # Microsoft YaHei (Simplified Chinese), TrueType collection
        "simsun.ttc",      # SimSun, TrueType collection
    ),
    "linux": (
        "DejaVuSans.ttf",
        "NotoSans-Regular.ttf",
        "FreeSerif.ttf",
        "NotoSansThai-Regular.ttf",
        "Garuda.ttf",
        "NotoSansSymbols-Regular.ttf",
        "NotoSansSymbols2-Regular.ttf",
        "Symbola_hint.ttf",
        "Symbola.ttf",
        "DroidSansFallbackFull.ttf",
        "DroidSansFallback.ttf",
        "wqy-zenhei.ttc",
        "wqy-microhei.ttc",
    ),
    "darwin": (
        "Tahoma.ttf",
        "Arial Unicode.ttf",
        "Arial.ttf",
        "Apple Symbols.ttf",
        "Thonburi.ttc",
        "STHeiti Light.ttc",
    ),
}


def _platform_key(platform: str) -> str:
    if platform.startswith("win") or platform == "cygwin":
        return "win32"
    return "darwin" if platform == "darwin" else "linux"


def fallback_candidates(platform: str = sys.platform, dirs: Iterable[Path | str] | None = None) -> list[Path]:
    """Font files to try, in order, for characters the document font lacks.

    The files of :data:`FALLBACK_FILES` for ``platform`` that exist under ``dirs``
    (default ``font_dirs(platform)``; searched recursively, names compared
    case-insensitively, the first folder wins) and that pass the same checks as
    :func:`installed_families` (TrueType outlines, embedding allowed, tables ReportLab
    reads).  Collections (``.ttc``) are included when their first subfont is
    TrueType: ``TTFont(name, path)`` reads subfont 0.  Files whose name table needs
    repair are included: load them with :func:`open_for_reportlab`.  Never raises.

    The bundled Laksaman is not in the list; callers put it first when the document
    font is not Thai.  Whether a file has a character: :func:`covers`.
    """
    key = _platform_key(platform)
    dirs = font_dirs(platform) if dirs is None else [Path(d) for d in dirs]
    wanted = {n.lower(): i for i, n in enumerate(FALLBACK_FILES[key])}
    found: dict[int, Path] = {}
    for p in _font_files(dirs, None, FAMILY_SUFFIXES + COLLECTION_SUFFIXES):
        i = wanted.get(p.name.lower())
        if i is not None and i not in found:
            try:
                _probe(p)
            except _Bad:
                continue
            found[i] = p
    return [found[i] for i in sorted(found)]


def covers(path: Path | str, char: str) -> bool:
    """Whether the font file at ``path`` maps ``char`` (one character) to a glyph.

    Uses the cmap subtable ReportLab 5.1 uses (see :class:`_Cmap`), so True means
    ReportLab will draw a real glyph rather than the .notdef box; for a collection,
    subfont 0.  False for a file that cannot be used (unreadable, corrupt, CFF …):
    never raises for the file.  Raises TypeError/ValueError when ``char`` is not a
    one-character string.
    """
    if not isinstance(char, str):
        raise TypeError(f"covers: char must be str, not {type(char).__name__}")
    if len(char) != 1:
        raise ValueError(f"covers: one character expected, got {char!r}")
    try:
        _face, cmap = _probe(Path(path))
    except _Bad:
        return False
    return cmap.glyph(ord(char)) != 0


def uncovered(path: Path | str, text: str) -> set[str]:
    """The characters of ``text`` that the font at ``path`` does not map (all of them
    for an unusable file).  Same reading as :func:`covers`, one file check for the
    whole text (``covers`` costs a ``stat`` per call).  Never raises for the file.
    """
    try:
        _face, cmap = _probe(Path(path))
    except _Bad:
        return set(text)
    return {c for c in set(text) if not cmap.glyph(ord(c))}


# ---------------------------------------------------------------------------
# Handing files to ReportLab


class _NamedBytesIO(io.BytesIO):
    """In-memory font file that ReportLab names after the original path."""

    def __init__(self, data: bytes, name: str):
        super().__init__(data)
        self.name = name


def open_for_reportlab(path: Path | str) -> str | io.BytesIO:
    """The argument to give ``TTFont(name, …)`` for the font file ``path``.

    Normally ``str(path)``.  When ReportLab 5.1 would reject the file's ``name`` table
    (format 1, odd-length UTF-16 record, no PostScript name, or a PostScript name that
    is not plain ASCII — as a font naming itself "THSarabunIT๙" would be), a
    binary stream of the file with a repaired ``name`` table (a format 0 copy of the
    records, with an ASCII PostScript name: Thai digits as ASCII digits, other
    non-ASCII characters dropped, e.g. ``THSarabunIT9-Bold``) appended at its end;
    its ``name`` attribute is ``str(path)``.  Glyphs, metrics and layout tables are
    untouched; the file on disk is never changed.

    Other problems (CFF outlines, licence) are not repaired: for those the path is
    returned and ``TTFont`` raises its usual TTFError.  Raises OSError when the file
    cannot be read.
    """
    try:
        face, _cmap = _probe(Path(path))
    except _Bad:
        return str(path)
    if face.name_problem is None or face.collection:
        return str(path)
    data = Path(path).read_bytes()
    try:
        fixed = _repair_names(data, Path(path).stem)
    except (_Bad, struct.error, ValueError):
        return str(path)
    return _NamedBytesIO(fixed, str(path))


def _safe_ps_name(text: str) -> str:
    s = unicodedata.normalize("NFKC", text).translate(_THAI_DIGITS).replace(" ", "-")
    s = "".join(c for c in s if 33 <= ord(c) <= 126 and c not in "[](){}<>/%").strip("-")[:63]
    return s if any(c.isalnum() for c in s) else ""


def _repair_names(data: bytes, stem: str) -> bytes:
    """``data`` with a name table ReportLab 5.1 accepts (see :func:`open_for_reportlab`)."""
    r = _Reader(io.BytesIO(data), len(data))
    _v, tables = _directory(r, 0)
    _fmt, records = _name_records(_table(r, tables, "name"))
    names = _names(records)
    _p, ps = _reportlab_name_problem(0, records)
    source = (ps or (names.get(6) or [""])[0]
              or "-".join(x for x in ((names.get(1) or [""])[0], (names.get(2) or [""])[0]) if x))
    new_ps = _safe_ps_name(source) or _safe_ps_name(stem) or f"Font-{zlib.crc32(data):08X}"
    rl_keys = {(3, 1, 0x409), (1, 0, 0)}
    kept = []
    for pid, eid, lid, nid, raw in records:
        if (pid, eid, lid) in rl_keys and nid in _RL_NAME_IDS:
            if nid == 6:
                continue
            if pid == 3 and len(raw) % 2:
                raw = raw[:-1]
        kept.append((pid, eid, lid, nid, raw))
    kept.append((3, 1, 0x409, 6, new_ps.encode("utf-16-be")))
    return _replace_table(data, "name", build_name_table(kept))


def build_name_table(records: Iterable[_NameRecord]) -> bytes:
    """A format 0 ``name`` table of ``records`` ((platform, encoding, language, name ID, bytes)).

    Records are sorted as the OpenType specification asks; equal strings are stored
    once.  Raises ValueError when the strings exceed the 64 KiB the format allows.
    Used to repair names for ReportLab and by the tests to make fonts with Thai names.
    """
    recs = sorted(records, key=lambda x: x[:4])
    storage = bytearray()
    where: dict[bytes, int] = {}
    entries = []
    for pid, eid, lid, nid, raw in recs:
        off = where.get(raw)
        if off is None:
            off = where[raw] = len(storage)
            storage += raw
        if off > 0xFFFF or len(raw) > 0xFFFF:
            raise ValueError("name table strings exceed 64 KiB")
        entries.append(struct.pack(">6H", pid, eid, lid, nid, len(raw), off))
    head = struct.pack(">HHH", 0, len(entries), 6 + 12 * len(entries))
    return head + b"".join(entries) + bytes(storage)


def _checksum(b: bytes) -> int:
    b = b + b"\0" * (-len(b) % 4)
    return sum(struct.unpack(f">{len(b) // 4}I", b)) & 0xFFFFFFFF


def _replace_table(data: bytes, tag: str, table: bytes) -> bytes:
    """``data`` (a single sfnt) with table ``tag`` replaced by ``table``, appended at the end.

    The directory entry (offset, length, checksum) is updated; the old bytes stay as
    unreferenced padding.  ``head.checkSumAdjustment`` is not recomputed (ReportLab
    does not check it by default and writes its own for the embedded subset).
    """
    num = _u16(data, 4)
    out = bytearray(data)
    out += b"\0" * (-len(out) % 4)
    offset = len(out)
    out += table + b"\0" * (-len(table) % 4)
    for i in range(num):
        pos = 12 + 16 * i
        if bytes(out[pos:pos + 4]) == tag.encode("latin-1"):
            struct.pack_into(">III", out, pos + 4, _checksum(table), offset, len(table))
            return bytes(out)
    raise _Bad("not_a_font", f"no {tag!r} table")


def reportlab_error(path: Path | str, text: str = "") -> str | None:
    """None if ReportLab 5.1 loads ``path`` (through :func:`open_for_reportlab`) and
    embeds a subset of it, else the error as ``"TTFError: …"``.

    The full check: ``TTFontFile`` with character data, then a font subset for the
    characters of ``text`` (default: space and the first mapped of ก, A).  Slow for
    big fonts (0.1–0.5 s for CJK), so not used by the scans; for tests, diagnostics
    and a "try this font" button.  Never raises.
    """
    from reportlab.pdfbase.ttfonts import TTFontFile

    try:
        src = open_for_reportlab(path)
        ttf = TTFontFile(src)
        codes = [ord(c) for c in text] or [0x20] + [cp for cp in (0x0E01, 0x41) if cp in ttf.charToGlyph][:1]
        ttf.makeSubset(codes)
    except Exception as e:  # noqa: BLE001 — report whatever ReportLab raises
        return f"{type(e).__name__}: {e}"
    return None
