"""Where a line of Thai text may break: dictionary words, clusters, URLs, punctuation.

Thai is written without spaces between words, so ReportLab (which breaks only at
white space) cannot wrap it.  :class:`ThaiBreaker` cuts text into unbreakable pieces;
a line may break only between two pieces.  The rules and their sources:

* Thai words: PyThaiNLP's ``newmm`` dictionary tokenizer with the dictionary
  ``thai_words()`` plus the caller's extra words (names of the office, district and
  province), the same segmenter ``shared/tools/thai_pdf_check.py`` uses to judge
  the breaks (``shared/docs/THAI_TEXT_NOTES.md``, "Thai word boundaries").
* Never inside a grapheme cluster, before a following vowel or mark (ะ า ำ ๅ and the
  combining marks), before ๆ or ฯ, after a leading vowel (เ แ โ ใ ไ): a cut there is
  what the checker counts as a "cluster cut" (its NO_LINE_START / NO_LINE_END sets),
  and Unicode UAX #29 keeps combining marks (Mn, Mc, Me), ZWJ sequences and emoji
  modifiers with their base.
* Never inside a run of Latin letters, digits and URL characters: a URL or an e-mail
  address is one piece (THAI_TEXT_NOTES: "or inside a run of Latin letters/digits
  (URLs!)"; Unicode UAX #14 classes AL, NU, IS, SY do not break among themselves).
* Opening punctuation and quotes stay with the next word, closing punctuation with
  the previous one (UAX #14 classes OP/QU/CL/EX/IS); ASCII quotes, which may open or
  close, stay with both neighbours.  A full stop between Thai characters is part of
  an abbreviation (พ.ศ.๒๕๖๘, ต.ค.๖๕, ป.ป.ช.) and never breaks.
* A number stays with its unit and with the word that introduces it, where the
  line allows (พ.ศ. ๒๕๖๘, ๒๔ คน, ร้อยละ ๘๕, ๑ ตุลาคม ๒๕๖๗): :data:`NUMBER_PREFIXES`
  and :data:`NUMBER_UNITS` glue across one space, and so does a range of numbers
  (๑ - ๔, ๒๕๖๗–๒๕๖๘); a group wider than the line is cut
  again at its spaces (:meth:`ThaiBreaker.compound_cuts`).  Thai official style
  keeps these together (ระเบียบสำนักนายกรัฐมนตรีว่าด้วยงานสารบรรณ: dates and
  amounts are not split across lines).
* White space is a break opportunity on both sides; a run of white space is one
  piece.  No-break space (U+00A0, U+2007, U+202F), word joiner (U+2060) and ZWJ
  (U+200D) never break; ZERO WIDTH SPACE (U+200B) allows a break after it.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

# Thai leading vowels: a line may not end with one (checker NO_LINE_END).
_LEADING_VOWELS = frozenset("\u0e40\u0e41\u0e42\u0e43\u0e44")
# Thai characters that may not begin a line although they are not combining marks
# (following vowels ะ า ำ ๅ, repetition mark ๆ, abbreviation mark ฯ).
_THAI_NO_START = frozenset("\u0e30\u0e32\u0e33\u0e45\u0e46\u0e2f")
# Characters that glue to both neighbours.
_GLUE = frozenset("\u00a0\u2007\u202f\u2060\ufeff\u200d\"'")
_ZWSP = "\u200b"
# Closing punctuation beyond the Unicode categories Pe/Pf (UAX #14 CL, EX, IS, SY, PO).
_CLOSE = frozenset(",.:;!?%)]}\u00bb\u201d\u2019\u2026/-\u2013\u2014\u00b0")
# Opening punctuation beyond the categories Ps/Pi (UAX #14 OP, PR).
_OPEN = frozenset("([{\u00ab\u201c\u2018")


#: Words after which a number follows on the same line (a space between is glued).
NUMBER_PREFIXES = frozenset("""พ.ศ. ค.ศ. ร้อยละ จำนวน ปี ข้อ ที่ เลขที่ ฉบับที่ วันที่ ครั้งที่ ไตรมาสที่ ลำดับที่
    หมู่ที่ ม. ตัวชี้วัดที่ ประจำปี ปีงบประมาณ รอบ มาตรา ชั้น ห้อง โทร. โทรศัพท์ ตู้ ป.ณ. เดือน""".split())
#: Words that follow a number on the same line: units, counters and month names.
NUMBER_UNITS = frozenset("""คน ราย บาท สตางค์ ครั้ง วัน เดือน ปี ชั่วโมง ชม. นาที วินาที ฉบับ เรื่อง แห่ง
    หน่วยงาน โครงการ กิจกรรม ข้อ คะแนน % เปอร์เซ็นต์ ชุด เล่ม หมู่บ้าน ตำบล ไตรมาส ล้าน ล้านบาท
    หลัง ครัวเรือน ตัวชี้วัด มาตรการ ช่องทาง ประเด็น ไร่ งาน ตารางวา กิโลเมตร กม. เมตร ม. ชิ้น รายการ
    หน้า แผ่น ลำดับ ท่าน รูป องค์ ระดับ ขั้นตอน เท่า
    มกราคม กุมภาพันธ์ มีนาคม เมษายน พฤษภาคม มิถุนายน กรกฎาคม สิงหาคม กันยายน ตุลาคม พฤศจิกายน ธันวาคม
    ม.ค. ก.พ. มี.ค. เม.ย. พ.ค. มิ.ย. ก.ค. ส.ค. ก.ย. ต.ค. พ.ย. ธ.ค.""".split())
_MONTHS = frozenset("""มกราคม กุมภาพันธ์ มีนาคม เมษายน พฤษภาคม มิถุนายน กรกฎาคม สิงหาคม กันยายน ตุลาคม พฤศจิกายน
    ธันวาคม ม.ค. ก.พ. มี.ค. เม.ย. พ.ค. มิ.ย. ก.ค. ส.ค. ก.ย. ต.ค. พ.ย. ธ.ค.""".split())
_NUMBER = re.compile(r"[0-9\u0e50-\u0e59](?:[0-9\u0e50-\u0e59,.:/\u2013-]*[0-9\u0e50-\u0e59])?[.,]?")


_DASHES = frozenset(("-", "\u2013", "\u2014"))


def _glue_numbers(pieces: list[str]) -> list[str]:
    """Join a number with its unit or prefix across at most one space (see module docstring)."""
    out: list[str] = []
    kinds: list[str] = []   # kind of the last atom of each output piece: num, pre, unit, month, ''

    def kind(p: str) -> str:
        if _NUMBER.fullmatch(p):
            return "num"
        if p in _MONTHS:
            return "month"
        if p in NUMBER_PREFIXES:
            return "pre"
        if p in NUMBER_UNITS:
            return "unit"
        return ""

    i, n = 0, len(pieces)
    while i < n:
        p = pieces[i]
        if out and out[-1][-1] in _DASHES and _NUMBER.fullmatch(out[-1][:-1].split(" ")[-1]) \
                and _NUMBER.fullmatch(p):   # ๒๕๖๗–|๒๕๖๘ (a break after the dash)
            out[-1] += p
            kinds[-1] = "num"
            i += 1
            continue
        if out and kinds[-1] == "num":   # a range: ๑ - ๔, 2567–2568
            j = i + (pieces[i] == " ")
            if j < n and pieces[j] in _DASHES:
                k2 = j + 1 + (j + 1 < n and pieces[j + 1] == " ")
                if k2 < n and _NUMBER.fullmatch(pieces[k2]):
                    out[-1] += "".join(pieces[i:k2 + 1])
                    i = k2 + 1
                    continue
        k = kind(p)
        if out and k:
            prev = kinds[-1]
            if (prev == "num" and k in ("unit", "month")) or (prev in ("pre", "month") and k == "num"):
                out[-1] += p
                kinds[-1] = k
                i += 1
                continue
        if (out and p in (" ", "\u00a0") and i + 1 < n and kinds[-1]):
            nk = kind(pieces[i + 1])
            prev = kinds[-1]
            if (prev == "num" and nk in ("unit", "month")) or (prev in ("pre", "month") and nk == "num"):
                out[-1] += p + pieces[i + 1]
                kinds[-1] = nk
                i += 2
                continue
        out.append(p)
        kinds.append(k)
        i += 1
    return out


def _is_thai(c: str) -> bool:
    return "\u0e00" <= c <= "\u0e7f"


def _is_space(c: str) -> bool:
    return c.isspace() and c not in _GLUE


@lru_cache(maxsize=4096)
def _extends(c: str) -> bool:
    """True when ``c`` belongs to the grapheme cluster of the character before it."""
    if c in _THAI_NO_START or c == "\u200d":
        return True
    cat = unicodedata.category(c)
    if cat in ("Mn", "Mc", "Me"):
        return True
    o = ord(c)
    return 0x1F3FB <= o <= 0x1F3FF or 0xE0020 <= o <= 0xE007F  # emoji modifiers, tags


@lru_cache(maxsize=4096)
def _no_break_before(c: str) -> bool:
    if _extends(c) or c in _GLUE or c == _ZWSP or c in _CLOSE:
        return True
    return unicodedata.category(c) in ("Pe", "Pf")


@lru_cache(maxsize=4096)
def _no_break_after(c: str) -> bool:
    if c in _LEADING_VOWELS or c in _GLUE or c in _OPEN:
        return True
    return unicodedata.category(c) in ("Ps", "Pi")


def _is_regional_indicator(c: str) -> bool:
    return 0x1F1E6 <= ord(c) <= 0x1F1FF


def cluster_boundaries(text: str) -> list[int]:
    """Offsets 0 < i < len(text) where a grapheme cluster starts.

    A cluster is a base character with the characters that extend it: combining
    marks (Unicode Mn, Mc, Me), Thai following vowels ะ า ำ ๅ, ๆ, ฯ, ZWJ and the
    character after it, emoji modifiers and tags, a pair of regional indicators; a
    Thai leading vowel (เ แ โ ใ ไ) belongs to the cluster after it.  Simplified from
    Unicode UAX #29 (extended grapheme clusters) plus the Thai rules above.
    """
    out = []
    for i in range(1, len(text)):
        a, b = text[i - 1], text[i]
        if _extends(b) or a == "\u200d" or a in _LEADING_VOWELS:
            continue
        if _is_regional_indicator(a) and _is_regional_indicator(b):
            continue
        out.append(i)
    return out


def grapheme_clusters(text: str) -> list[str]:
    """Split ``text`` into grapheme clusters (see :func:`cluster_boundaries`).

    >>> grapheme_clusters("น้ำใจ")
    ['น้ำ', 'ใจ']
    """
    if not text:
        return []
    cuts = [0, *cluster_boundaries(text), len(text)]
    return [text[a:b] for a, b in zip(cuts, cuts[1:])]


class _WordSet:
    """The newmm dictionary as a set: what PyThaiNLP's ``Trie`` answers (``prefixes``,
    ``in``), built in ~0.03 s instead of the Trie's ~0.7 s (which the window paid at start).

    ``prefixes(text, start)`` gives the dictionary words that begin at ``start``, shortest
    first, as ``Trie.prefixes`` does: only the lengths that words starting with that letter
    have are tried.
    """

    def __init__(self, words: frozenset[str]):
        self.words = words
        lengths: dict[str, set[int]] = {}
        for w in words:
            if w:
                lengths.setdefault(w[0], set()).add(len(w))
        self.lengths = {c: tuple(sorted(ns)) for c, ns in lengths.items()}

    def prefixes(self, text: str, start: int = 0) -> list[str]:
        if start >= len(text):
            return []
        out = []
        words = self.words
        for n in self.lengths.get(text[start], ()):
            piece = text[start:start + n]
            if len(piece) < n:
                break
            if piece in words:
                out.append(piece)
        return out

    def __contains__(self, word: object) -> bool:
        return word in self.words

    def __iter__(self):
        return iter(self.words)

    def __len__(self) -> int:
        return len(self.words)


@lru_cache(maxsize=8)
def _trie(extra_words: frozenset[str]):
    """The newmm dictionary: PyThaiNLP's thai_words() plus ``extra_words`` (built once, ~0.03 s)."""
    return _WordSet(_words(extra_words))


@lru_cache(maxsize=8)
def _words(extra_words: frozenset[str]) -> frozenset[str]:
    from pythainlp.corpus.common import thai_words

    return frozenset(thai_words()) | extra_words


class ThaiBreaker:
    """Cuts text into pieces between which a line may break.

    ``extra_words``: words that must never be split and that the dictionary lacks
    (office, district, province names: ห้วยเตย, กุดรัง, มหาสารคาม, ปากช่อง).  The
    dictionary (PyThaiNLP ``thai_words()`` + ``extra_words``) is built on first use
    and shared by breakers with the same extra words.  Segmentations of Thai runs
    are cached per breaker (``functools.lru_cache``): documents repeat their text.
    Thread-compatible, not thread-safe (like ReportLab).  See the module docstring
    for the rules and their sources.
    """

    def __init__(self, extra_words: Iterable[str] = ()):
        self.extra_words = frozenset(w.strip() for w in extra_words if w and w.strip())
        self._thai_cuts = lru_cache(maxsize=32768)(self._newmm_cuts)
        self._segments = lru_cache(maxsize=32768)(self._compute_segments)
        self._compound_cuts = lru_cache(maxsize=4096)(self._compute_compound_cuts)

    def segments(self, text: str) -> list[str]:
        """Pieces of ``text`` (a list of non-empty str) whose concatenation is ``text``.

        A line may break only between two pieces.  White space runs are pieces of
        their own.  Never raises for any str (including lone surrogates, controls,
        emoji, isolated combining marks).

        >>> ThaiBreaker(["ห้วยเตย"]).segments("ตำบลห้วยเตย www.huaitoei.go.th")
        ['ตำบล', 'ห้วยเตย', ' ', 'www.huaitoei.go.th']
        """
        return list(self._segments(text))

    def _compute_segments(self, text: str) -> tuple[str, ...]:
        n = len(text)
        if n == 0:
            return ()
        thai_breaks = set()
        i = 0
        while i < n:  # newmm word boundaries inside each run of Thai characters
            if _is_thai(text[i]):
                j = i + 1
                while j < n and _is_thai(text[j]):
                    j += 1
                if j - i > 1:
                    thai_breaks.update(i + k for k in self._thai_cuts(text[i:j]))
                i = j
            else:
                i += 1
        cuts = [0]
        for i in range(1, n):
            if self._may_break(text, i, thai_breaks):
                cuts.append(i)
        cuts.append(n)
        return tuple(_glue_numbers([text[a:b] for a, b in zip(cuts, cuts[1:])]))

    @staticmethod
    def _may_break(text: str, i: int, thai_breaks: set[int]) -> bool:
        a, b = text[i - 1], text[i]
        sa, sb = _is_space(a), _is_space(b)
        if sa and sb:
            return False
        if a == "\u200d" or _extends(b):
            return False
        if _is_regional_indicator(a) and _is_regional_indicator(b):
            return False
        if sb:  # before white space, unless a no-break character or a leading vowel precedes
            return a not in _GLUE and a not in _LEADING_VOWELS
        if sa:
            return True
        if a == _ZWSP:
            return not _no_break_before(b)
        if _no_break_before(b) or _no_break_after(a):
            return False
        ta, tb = _is_thai(a), _is_thai(b)
        if ta and tb:
            return i in thai_breaks
        if ta or tb:
            # Thai next to a Latin letter, digit or symbol: a word boundary, except a
            # full stop inside a Thai abbreviation (the '.' itself never starts a line).
            return not (a == "." and i >= 2 and _is_thai(text[i - 2]))
        return False  # Latin letters, digits, URL characters: one piece

    def compound_cuts(self, word: str) -> tuple[int, ...]:
        """Where a piece may be cut when it is wider than its column, best places first.

        Offsets, ascending: inside each run of Thai characters, between the parts of
        its segmentation into the fewest dictionary words, at least two (maximal
        matching, as newmm; ties go to the longer first word): การบริหารงานบุคคล →
        การบริหาร|งานบุคคล, (งานพัฒนาชุมชน) → (งาน|พัฒนาชุมชน); where Thai meets
        non-Thai; inside a URL after ``/ . - _ ? & = @``.  A cut between two words of a
        compound reads naturally and ``thai_pdf_check.py`` accepts it, unlike a cut
        inside a word.  Cuts the other rules forbid (inside a cluster, after opening or
        before closing punctuation, inside พ.ศ.) are left out.  ``()`` for words longer
        than 64 characters.
        """
        return self._compound_cuts(word)

    def _compute_compound_cuts(self, word: str) -> tuple[int, ...]:
        n = len(word)
        if n < 2 or n > 64:
            return ()
        cuts: set[int] = set()
        i = 0
        while i < n:
            thai = _is_thai(word[i])
            j = i + 1
            while j < n and _is_thai(word[j]) == thai:
                j += 1
            if i:
                cuts.add(i)
            if thai:
                cuts.update(i + c for c in self._thai_compound_cuts(word[i:j]))
            else:
                cuts.update(k + 1 for k in range(i, j - 1) if word[k] in "/.-_?&=@ \u00a0")
            i = j
        starts = set(cluster_boundaries(word))
        return tuple(sorted(c for c in cuts if c in starts and not self._vetoed(word, c)))

    @staticmethod
    def _vetoed(word: str, c: int) -> bool:
        a, b = word[c - 1], word[c]
        if _no_break_before(b) or _no_break_after(a):
            return True
        return a == "." and c >= 2 and _is_thai(word[c - 2]) and _is_thai(b)

    def _thai_compound_cuts(self, run: str) -> tuple[int, ...]:
        """Cuts of a Thai run between the parts of its fewest-words segmentation (≥ 2 words)."""
        n = len(run)
        words = _words(self.extra_words)
        none = n + 1
        count = [none] * (n + 1)  # count[i]: fewest dictionary words making run[i:]
        nxt = [0] * (n + 1)
        count[n] = 0
        for i in range(n - 1, -1, -1):
            for j in range(n, i, -1):  # longer words first: ties keep the longer word
                if (i or j < n) and count[j] + 1 < count[i] and run[i:j] in words:
                    count[i], nxt[i] = count[j] + 1, j
        if count[0] >= none:
            return ()
        cuts, i = [], nxt[0]
        while i < n:
            cuts.append(i)
            i = nxt[i]
        return tuple(cuts)

    def _newmm_cuts(self, run: str) -> tuple[int, ...]:
        """Offsets inside a run of Thai characters where newmm puts a word boundary."""
        from pythainlp.tokenize import word_tokenize

        cuts, pos = [], 0
        for tok in word_tokenize(run, custom_dict=_trie(self.extra_words), engine="newmm",
                                 keep_whitespace=True):
            pos += len(tok)
            cuts.append(pos)
        return tuple(cuts[:-1])
